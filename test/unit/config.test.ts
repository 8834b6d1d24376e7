// The AUTH rules of the configuration: off only on loopback, local by default elsewhere.
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, loadConfig } from '../../src/core/config.js';

describe('config', () => {
  it('defaults to AUTH=off on a loopback HOST and AUTH=local on any other', () => {
    expect(loadConfig({}).AUTH).toBe('off');
    expect(loadConfig({ HOST: '::1' }).AUTH).toBe('off');
    expect(loadConfig({ HOST: '0.0.0.0' }).AUTH).toBe('local');
    expect(loadConfig({ HOST: '192.168.1.20' }).AUTH).toBe('local');
  });

  it('refuses AUTH=off on a non-loopback HOST with a one-line reason', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0', AUTH: 'off' })).toThrow(/^Invalid configuration: AUTH: AUTH=off .* loopback HOST .*AUTH=local or AUTH=proxy$/);
  });

  it('AUTH=proxy needs TRUST_PROXY', () => {
    expect(() => loadConfig({ AUTH: 'proxy' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ AUTH: 'proxy', TRUST_PROXY: '10.0.0.5' }).AUTH_PROXY_HEADER).toBe('X-Remote-User');
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.org', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('idle timeout 8 hours unless set; uploads live under DATA_DIR', () => {
    const c = loadConfig({ DATA_DIR: '/srv/dj' });
    expect(c.SESSION_IDLE_MINUTES).toBe(480);
    expect(c.uploadsDir).toBe('/srv/dj/uploads');
  });
});
