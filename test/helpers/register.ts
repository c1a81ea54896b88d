/**
 * A small agency register for the access tests: two agencies of 宿迁市 (region 321300; 沭阳县 is
 * 321322, inside it) and one of another city, the agencies of the example reports among them.
 */
export const TEST_REGISTER_CSV = [
  'id,name,region,parent,kind,from',
  'jianghai-nrp,江海市自然资源和规划局,320100,,department,2019',
  'suqian-cdpf,宿迁市残疾人联合会,321300,,department,2019',
  'shuyang,沭阳县人民政府,321322,,government,2019',
].join('\n');
