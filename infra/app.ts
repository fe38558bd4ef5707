import { App } from 'aws-cdk-lib';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CoachStack } from './stack';

/**
 * The CDK app (infra/cdk.json runs it): `npm run infra:synth` writes the template offline,
 * `npm run deploy` deploys it. The skill id comes from `-c skillId=...` or ALEXA_SKILL_ID.
 */
const LAMBDA_ZIP = join(__dirname, '..', 'dist', 'lambda', 'massage-coach-lambda.zip');
if (!existsSync(LAMBDA_ZIP)) {
  process.stderr.write(`no Lambda package at ${LAMBDA_ZIP}: run npm run package:lambda first\n`);
  process.exit(1);
}
const app = new App();
const skillId = (app.node.tryGetContext('skillId') as string | undefined) || process.env.ALEXA_SKILL_ID || undefined;
new CoachStack(app, (app.node.tryGetContext('stackName') as string | undefined) ?? 'MassageCoach', {
  lambdaCode: LAMBDA_ZIP,
  skillId,
  description: 'Massage Coach: the Alexa skill handler, its DynamoDB journal and logs',
});
app.synth();
