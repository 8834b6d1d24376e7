// The query list of the recall evaluation: common words, sub-words inside longer words, strings
// across jieba word boundaries, digits and Latin, punctuation, placeholders and rare terms.
export interface EvalQuery {
  q: string;
  kind: 'common' | 'subword' | 'cross' | 'digits' | 'punct' | 'placeholder' | 'rare' | 'multi' | 'long';
}

const list: Array<[EvalQuery['kind'], string[]]> = [
  ['common', ['党支部', '党员', '学习', '党建', '组织生活', '主题党日', '意识形态', '党风廉政建设', '三会一课', '主题教育', '政治建设', '理论学习', '工作计划', '存在的问题', '党费', '发展党员', '志愿服务', '谈心谈话', '警示教育', '作风建设']],
  ['subword', ['支部', '书记', '组织', '廉政', '党课', '会一', '形态', '教育', '意识', '干部', '建设', '党总', '收缴', '党日', '堡垒']],
  ['cross', ['员干部', '部党员', '党支部书记', '的政治', '大精神', '学习贯彻', '建设工作', '强党性', '工作的', '会议强调']],
  ['digits', ['2023年', '2020', '14名', '102周年', '6月', '1次', '3次', '2023年上半年', '10月9日', '17条']],
  ['punct', ['学思想、强党性', '“三会一课”', '（一）', '一、', '。二是', '《中国共产党', '；', '“两个维护”', '、', '，']],
  ['placeholder', ['XX', 'XXX', 'XX县', '***', '某某', 'X次', 'X名', 'XX中心', '**党支部', '某']],
  ['rare', ['五基三化', '红苹果', '云书记工作室', '万名党员帮万户', '双述双评', '书记走流程', '阳光扶贫', '清廉机关', '五学联动', '党统系统']],
  ['multi', ['党费 收缴', '三会一课 落实', '主题党日 活动', '党风廉政 责任', '意识形态 工作责任制']],
];

export const EVAL_QUERIES: EvalQuery[] = list.flatMap(([kind, qs]) => qs.map((q) => ({ q, kind })));

// Long exact strings: the ones the engine cannot pin alone (verification keeps them exact).
EVAL_QUERIES.push(
  ...['学习贯彻习近平新时代中国特色社会主义思想主题教育', '习近平新时代中国特色社会主义思想', '全面从严治党主体责任', 'XXXX', 'XX县XX中心', '坚持以习近平新时代中国特色社会主义思想为指导',
    '党风廉政建设责任制', '持续抓好', '，推动', '进一步加强党的政治建设'].map((q) => ({ q, kind: 'long' as const })),
);
