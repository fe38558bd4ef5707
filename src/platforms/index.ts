import { alexaPlatform } from './alexa';
import { dialogflowPlatform } from './dialogflow';
import type { Platform } from './platform';

/** Every platform the server serves. Adding one: its folder, and its line here. */
export const PLATFORMS: Platform[] = [alexaPlatform, dialogflowPlatform];
