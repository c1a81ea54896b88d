/**
 * Section 六 of a 2021-format report reports 信息处理费: an amount printed in 元 there becomes
 * `processingFees`. The sentence the project's own printer writes for it
 * (render/view.ts, processingFeesSentence) is that field, not narrative, so it is not kept as a block.
 */
import type { Block, FormatVersion } from '../report';

const PRINTED_SENTENCE = /^本年度(?:未收取政府信息公开信息处理费|收取政府信息公开信息处理费(\d+(?:\.\d+)?)元|对(\d+)件政府信息公开申请收取信息处理费，共计(\d+(?:\.\d+)?)元)。$/;
const AMOUNT = /信息处理费[^。]*?(?:共计|合计|总计)?(\d+(?:\.\d+)?)\s*元/;

export function otherSection(blocks: Block[], version: FormatVersion) {
  if (version !== '2021') return { blocks };
  const text = (block: Block) => (block.type === 'paragraph' && !block.heading ? block.text ?? '' : '');
  const sentence = blocks.findIndex((block) => PRINTED_SENTENCE.test(text(block)));
  if (sentence >= 0) {
    const [, single, notices, amount] = PRINTED_SENTENCE.exec(text(blocks[sentence]!))!;
    const rest = blocks.filter((_, i) => i !== sentence);
    const value = amount ?? single ?? '0';
    return { blocks: rest, processingFees: { ...(notices && { notices: Number(notices) }), amount: { value, unit: '元' as const } } };
  }
  for (const block of blocks) {
    const found = AMOUNT.exec(text(block));
    if (found) return { blocks, processingFees: { amount: { value: found[1]!, unit: '元' as const } } };
  }
  return { blocks };
}
