// virtual-alexa loads the AWS SDK v2 for its DynamoDB mock, which prints an end-of-support notice
// on load; imported before it, this keeps test logs to what the tests say.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
