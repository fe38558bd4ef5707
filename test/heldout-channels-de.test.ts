import { channelSuites } from './helpers/heldout-channels-suite';

// Held-out and shared lines through /alexa (virtual-alexa on the shipped model), ES and CX, in de-DE.
channelSuites(['de-DE']);
