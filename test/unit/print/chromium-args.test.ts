/**
 * chromium-args.ts on @sparticuz/chromium's real default flags: the security checks it turns off
 * and the software GPU are dropped, the dead-end proxy, --disable-gpu and begin-frame control are
 * added, the allocator keeps its emptied spans, V8 collects early, RenderDocument and the allocator's quarantine are off, and --single-process is there only when asked for.
 */
import chromium from '@sparticuz/chromium';
import { describe, expect, it } from 'vitest';
import { chromiumArgs } from '../../../functions/print/chromium-args';

describe('chromiumArgs', () => {
  const args = chromiumArgs(chromium.args, { singleProcess: false });

  it('keeps web security on and the GPU off', () => {
    for (const dropped of ['--disable-web-security', '--allow-running-insecure-content', '--in-process-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']) {
      expect(chromium.args).toContain(dropped);
      expect(args).not.toContain(dropped);
    }
    expect(args).toContain('--disable-gpu');
    expect(args).toContain('--proxy-server=http://127.0.0.1:9');
    expect(args).toContain('--proxy-bypass-list=<-loopback>');
  });

  it('produces no compositor frames, which printing does not use', () => {
    expect(args).toContain('--enable-begin-frame-control');
  });

  it('keeps emptied allocator spans (the browser receives it: chromium.test.ts)', () => {
    expect(args).toContain('--enable-features=PartitionAllocLargeEmptySlotSpanRing');
  });

  it('sets V8 to collect early, Oilpan with it (the effect: browser-memory.test.ts)', () => {
    expect(args).toContain('--js-flags=--initial-old-space-size=4');
  });

  it('navigates each page in the frame it opened with (the browser receives it: chromium.test.ts)', () => {
    expect(args).toContain('--disable-features=RenderDocument');
  });

  it("frees without the allocator's scheduler-loop quarantine (the browser receives it: chromium.test.ts)", () => {
    expect(args).toContain('--disable-features=PartitionAllocSchedulerLoopQuarantine');
  });

  it('runs single-process only when asked', () => {
    expect(args).not.toContain('--single-process');
    expect(chromiumArgs(chromium.args, { singleProcess: true })).toContain('--single-process');
  });
});
