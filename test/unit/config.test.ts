/** The environment → Config (functions/config.ts): defaults, S3 locations, and errors that name the variable. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../functions/config';

describe('loadConfig', () => {
  it('defaults to the local ./archive folder and port 8787', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ archive: { kind: 'fs', root: './archive' }, port: 8787, host: '127.0.0.1', rateLimitPerMinute: 120, corsOrigins: [], requestTimeoutSeconds: 30, maxConnections: 64 });
    expect(config.maxQueued).toBe(4 * config.concurrency);
    expect(config.token).toBeUndefined();
    expect(config.concurrency).toBeGreaterThanOrEqual(1);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ NIANBAO_ARCHIVE: '', PORT: '', NIANBAO_TOKEN: '' })).toMatchObject({
      archive: { kind: 'fs', root: './archive' },
      port: 8787,
    });
  });

  it('reads an S3 location with its endpoint, region and path style', () => {
    const config = loadConfig({
      NIANBAO_ARCHIVE: 's3://gov-reports/nianbao/prod',
      NIANBAO_S3_ENDPOINT: 'http://127.0.0.1:9000',
      NIANBAO_S3_REGION: 'auto',
      NIANBAO_S3_FORCE_PATH_STYLE: 'true',
      NIANBAO_TOKEN: 'a-token-of-sixteen+',
      NIANBAO_CONCURRENCY: '4',
      CHROMIUM_PATH: '/usr/bin/chromium',
      PORT: '9000',
      HOST: '0.0.0.0',
      NIANBAO_RATE_LIMIT: '0',
      NIANBAO_CORS_ORIGINS: 'https://forms.example.gov.cn, http://127.0.0.1:5173',
      NIANBAO_REQUEST_TIMEOUT: '10',
      NIANBAO_MAX_CONNECTIONS: '200',
    });
    expect(config).toEqual({
      archive: {
        kind: 's3',
        bucket: 'gov-reports',
        prefix: 'nianbao/prod/',
        endpoint: 'http://127.0.0.1:9000',
        region: 'auto',
        forcePathStyle: true,
      },
      port: 9000,
      token: 'a-token-of-sixteen+',
      concurrency: 4,
      chromiumPath: '/usr/bin/chromium',
      host: '0.0.0.0',
      maxQueued: 16,
      rateLimitPerMinute: 0,
      corsOrigins: ['https://forms.example.gov.cn', 'http://127.0.0.1:5173'],
      requestTimeoutSeconds: 10,
      maxConnections: 200,
    });
    expect(loadConfig({ NIANBAO_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(loadConfig({ NIANBAO_ARCHIVE: 's3://gov-reports' }).archive).toEqual({
      kind: 's3',
      bucket: 'gov-reports',
      prefix: '',
      region: 'us-east-1',
      forcePathStyle: false,
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT="abc": expected a whole number from 1 to 65535'],
    ['PORT', '70000', 'PORT="70000"'],
    ['NIANBAO_CONCURRENCY', '0', 'NIANBAO_CONCURRENCY="0": expected a whole number from 1 to 64'],
    ['NIANBAO_MAX_QUEUE', '-1', 'NIANBAO_MAX_QUEUE="-1": expected a whole number from 0 to 10000'],
    ['NIANBAO_RATE_LIMIT', 'fast', 'NIANBAO_RATE_LIMIT="fast"'],
    ['NIANBAO_S3_FORCE_PATH_STYLE', 'yes', 'NIANBAO_S3_FORCE_PATH_STYLE="yes": expected true, false, 1 or 0'],
    ['NIANBAO_S3_ENDPOINT', 'ftp://x', 'NIANBAO_S3_ENDPOINT="ftp://x": expected an http(s) URL'],
    ['NIANBAO_ARCHIVE', 's3://Bad_Bucket', 'is not an S3 bucket name'],
    ['NIANBAO_ARCHIVE', 's3://bucket/../etc', 'prefix "../etc" must be'],
    ['NIANBAO_CORS_ORIGINS', 'https://forms.example.gov.cn/', 'NIANBAO_CORS_ORIGINS="https://forms.example.gov.cn/": "https://forms.example.gov.cn/" is not an origin'],
    ['NIANBAO_CORS_ORIGINS', 'forms.example.gov.cn', '"forms.example.gov.cn" is not an origin'],
    ['NIANBAO_REQUEST_TIMEOUT', '0', 'NIANBAO_REQUEST_TIMEOUT="0": expected a whole number from 1 to 3600'],
    ['NIANBAO_MAX_CONNECTIONS', '0', 'NIANBAO_MAX_CONNECTIONS="0": expected a whole number from 1 to 100000'],
  ])('names %s when it is %j', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('rejects a short token without printing it', () => {
    expect(() => loadConfig({ NIANBAO_TOKEN: 'hunter2' })).toThrow('NIANBAO_TOKEN=(hidden): must be at least 16 characters');
    expect(() => loadConfig({ NIANBAO_TOKEN: 'hunter2' })).not.toThrow(/hunter2/);
    for (const unsendable of ['correct horse battery staple', 'a-token-of-sixteen+\n', '令牌令牌令牌令牌令牌令牌令牌令牌', 'a-token-of-sixteen!', 'a-token=of-sixteen']) {
      expect(() => loadConfig({ NIANBAO_TOKEN: unsendable })).toThrow('NIANBAO_TOKEN=(hidden): must be letters, digits and - . _ ~ + / (then any "="), without spaces or line breaks');
    }
  });
});
