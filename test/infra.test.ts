/**
 * The stack `npm run deploy` puts in AWS, checked on its synthesised CloudFormation template
 * (offline): the handler as Alexa needs it, the table as the store uses it, and permissions no
 * wider than what the code does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CoachStack, LAMBDA_HANDLER, STORE_ACTIONS } from '../infra/stack';

const SKILL_ID = 'amzn1.ask.skill.0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

function synth(skillId?: string): Template {
  const code = mkdtempSync(join(tmpdir(), 'mc-infra-'));
  writeFileSync(join(code, 'index.js'), 'exports.handler = async () => ({});\n');
  const app = new App();
  return Template.fromStack(new CoachStack(app, 'Test', { lambdaCode: code, skillId }));
}

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const statements = (template: Template): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );

describe('the AWS stack', () => {
  const template = synth(SKILL_ID);

  it('runs the bundled handler on Node 22 with 1 GB, answering within Alexa 8 seconds', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: LAMBDA_HANDLER,
      MemorySize: 1024,
      Timeout: 8,
      Environment: {
        Variables: Match.objectLike({ STORE: 'dynamodb', ALEXA_SKILL_ID: SKILL_ID, DYNAMODB_TABLE: Match.anyValue() }),
      },
      LoggingConfig: { LogGroup: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('keeps the journal in an on-demand table with point-in-time recovery and the store key schema', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Retain' });
  });

  it('lets only this skill invoke the function', () => {
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'alexa-appkit.amazon.com',
      EventSourceToken: SKILL_ID,
    });
  });

  it('grants the handler exactly the table actions the store sends, on the table only', () => {
    const data = statements(template).filter((statement) =>
      [statement.Action].flat().some((action) => action.startsWith('dynamodb:')),
    );
    expect(data).toHaveLength(1);
    expect([data[0]!.Action].flat().sort()).toEqual([...STORE_ACTIONS].sort());
    expect(JSON.stringify(data[0]!.Resource)).toContain('Journal');
    for (const statement of statements(template)) {
      for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
      expect(statement.Resource).not.toBe('*');
    }
  });

  it('outputs the function ARN to set as the skill endpoint', () => {
    template.hasOutput('FunctionArn', { Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Handler'), 'Arn'] } });
  });
});

describe('the AWS stack without a skill id', () => {
  it('asks for the skill id as a parameter and still limits the permission to it', () => {
    const template = synth();
    template.hasParameter('SkillId', { AllowedPattern: Match.stringLikeRegexp('amzn1') });
    template.hasResourceProperties('AWS::Lambda::Permission', { EventSourceToken: { Ref: 'SkillId' } });
  });

  it('refuses a skill id that is not one', () => {
    expect(() => synth('my-skill')).toThrow(/amzn1\.ask\.skill/);
  });
});
