import { CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LIMITS } from '../src/speech/limits';

export interface CoachStackProps extends StackProps {
  /** The Lambda zip `npm run package:lambda` writes (or a folder with the same layout, in tests). */
  lambdaCode: string;
  /** The Alexa skill id (context value `skillId`); without it the template asks for it as a parameter. */
  skillId?: string | undefined;
}

/** The handler inside the zip (scripts/dist.ts packageLambda). */
export const LAMBDA_HANDLER = 'dist/src/platforms/alexa/lambda.handler';

/**
 * The only DynamoDB actions src/store/dynamo-store.ts sends: reading a user's partition, updating
 * the profile, adding journal entries, deleting a user's items in batches. The table is made here,
 * so the store's own CreateTable/DescribeTable (DYNAMODB_CREATE_TABLE, development) stay denied.
 */
export const STORE_ACTIONS = [
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'dynamodb:PutItem',
  'dynamodb:BatchWriteItem',
] as const;

const SKILL_ID_PATTERN = '^amzn1\\.ask\\.skill\\.[0-9a-f-]+$';

/** The Alexa skill's back end: the handler, its table, its logs and the one permission Alexa needs. */
export class CoachStack extends Stack {
  constructor(scope: Construct, id: string, props: CoachStackProps) {
    super(scope, id, props);
    if (props.skillId !== undefined && !new RegExp(SKILL_ID_PATTERN).test(props.skillId))
      throw new Error(`skillId must look like amzn1.ask.skill.<uuid> (got "${props.skillId}")`);
    const skillId =
      props.skillId ??
      new CfnParameter(this, 'SkillId', {
        description: 'The Alexa skill id (developer console, or .ask/ask-states.json after ask deploy)',
        allowedPattern: SKILL_ID_PATTERN,
      }).valueAsString;

    // The journal and resume points: the store's key schema (pk = user hash, sk = profile or entry).
    // On demand: a voice skill's traffic is a few requests a minute, with peaks at no fixed hour.
    // Retained on stack deletion: users' journals are not thrown away by a `cdk destroy`.
    const table = new TableV2(this, 'Journal', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
      // Pairing codes (src/runtime/plan-pairing.ts) carry their end here: an untaken one goes by itself.
      timeToLiveAttribute: 'expires',
    });

    // Logs carry no symptom (src/log.ts), and a month is enough to trace a failed session.
    const logGroup = new LogGroup(this, 'HandlerLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const handler = new LambdaFunction(this, 'Handler', {
      // Node 22: the pinned AWS SDK v3 announces it will need Node 22 or newer.
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      code: Code.fromAsset(props.lambdaCode),
      handler: LAMBDA_HANDLER,
      // Lambda gives CPU in proportion to memory (1,769 MB is one vCPU). A cold start parses the
      // 1.5 MB bundle and builds one locale's understanding, which is CPU-bound: 1,024 MB (about
      // 0.6 vCPU) keeps it well under a second, where 128 MB would take several.
      memorySize: 1024,
      // Alexa waits 8 seconds for an answer and then gives up: running longer only costs money.
      timeout: Duration.millis(LIMITS.alexa.timeoutMs),
      logGroup,
      environment: {
        STORE: 'dynamodb',
        DYNAMODB_TABLE: table.tableName,
        ALEXA_SKILL_ID: skillId,
        NODE_ENV: 'production',
      },
    });
    table.grant(handler, ...STORE_ACTIONS);

    // Only this skill may invoke the function (the trigger Alexa's console adds, as code).
    handler.addPermission('AlexaSkill', {
      principal: new ServicePrincipal('alexa-appkit.amazon.com'),
      action: 'lambda:InvokeFunction',
      eventSourceToken: skillId,
    });

    new CfnOutput(this, 'FunctionArn', {
      value: handler.functionArn,
      description: "The skill's endpoint: skill.json apis.custom.endpoint.uri (npm run deploy sets it)",
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
