/** The functions' AWS settings (functions/aws/settings.ts): defaults, and errors that name the variable. */
import { describe, expect, it } from 'vitest';
import { loadBatchQueueSettings, loadTokenSecretSettings } from '../../../functions/aws/settings';
import { ConfigError } from '../../../functions/config';

describe('loadBatchQueueSettings', () => {
  it('defaults to five deliveries (the stack’s maxReceiveCount) and no queue, treating empty variables as unset', () => {
    expect(loadBatchQueueSettings({ NIANBAO_BATCH_QUEUE_URL: '', NIANBAO_BATCH_MAX_RECEIVES: '' })).toEqual({ queueUrl: undefined, maxReceives: 5 });
  });

  it('reads the queue URL and the redrive count', () => {
    const queueUrl = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/nianbao-batch';
    expect(loadBatchQueueSettings({ NIANBAO_BATCH_QUEUE_URL: queueUrl, NIANBAO_BATCH_MAX_RECEIVES: '5' })).toEqual({ queueUrl, maxReceives: 5 });
  });

  it('names the variable and what it accepts', () => {
    expect(() => loadBatchQueueSettings({ NIANBAO_BATCH_MAX_RECEIVES: 'many' })).toThrow(ConfigError);
    expect(() => loadBatchQueueSettings({ NIANBAO_BATCH_MAX_RECEIVES: '0' })).toThrow(/NIANBAO_BATCH_MAX_RECEIVES="0"/);
    expect(() => loadBatchQueueSettings({ NIANBAO_BATCH_QUEUE_URL: 'nianbao-batch' })).toThrow(/NIANBAO_BATCH_QUEUE_URL=.*queue URL/);
  });
});

describe('loadTokenSecretSettings', () => {
  it('reads the secret and keeps a value 60 s unless told otherwise, 0 to read it for every request', () => {
    expect(loadTokenSecretSettings({})).toEqual({ secretId: undefined, cacheSeconds: 60 });
    const secretId = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:PublishingToken-AbCdEf';
    expect(loadTokenSecretSettings({ NIANBAO_TOKEN_SECRET: secretId, NIANBAO_TOKEN_CACHE_SECONDS: '0' })).toEqual({ secretId, cacheSeconds: 0 });
  });

  it('names the variable and what it accepts', () => {
    expect(() => loadTokenSecretSettings({ NIANBAO_TOKEN_CACHE_SECONDS: 'a minute' })).toThrow(/NIANBAO_TOKEN_CACHE_SECONDS="a minute": expected a whole number from 0 to 3600/);
  });
});
