import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../../../functions/report';
import { loadExample } from '../../helpers/examples';

describe('the generated JSON Schema', () => {
  const schema = reportJsonSchema();

  it('is what schema/report.schema.json holds (run `npm run schema` after changing the model)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../schema/report.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(schema);
  });

  it('lets a form tool validate client-side: the examples pass, a wrong cell fails at its path', () => {
    // With the formats a form tool would check too (date, email), not ignored with a warning.
    const validate = addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);
    for (const name of ['seed2020', 'consistent2021', 'violations2021'] as const) {
      expect(validate(loadExample(name)), JSON.stringify(validate.errors)).toBe(true);
    }
    const report = loadExample('consistent2021');
    report.sections.reviews.table.review.upheld = -1;
    report.unknown = true;
    report.publishedOn = '2022-02-30';
    expect(validate(report)).toBe(false);
    const paths = validate.errors!.map((e) => e.instancePath);
    expect(paths).toContain('/sections/reviews/table/review/upheld');
    expect(paths).toContain('/publishedOn');
    expect(validate.errors!.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'unknown')).toBe(true);
  });
});
