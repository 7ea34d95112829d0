// 三查 (check rounds), 整改 (rectifications), 回头看 (revisits), officials' figures and the public
// check figures, in Chinese; checks.en.ts has the same keys.
export const accountability = {
  checks: {
    title: '三查', create: '发起检查', kind: '检查类型', kinds: { self: '自查', cross: '交叉检查', spot: '抽查' },
    kindHint: { self: '本县工作人员检查本县', cross: '检查同一市的另一个县', spot: '市级工作人员抽查本市' },
    region: '检查范围', periodFrom: '起始日期', periodTo: '结束日期', subjects: '检查对象', sampleSize: '抽样数量',
    subjectNames: { needs: '需求审核', deliveries: '送达确认' }, subjectTypes: { need: '需求', delivery: '送达' },
    submit: '发起并抽样', created: '已抽样 {n} 条', list: '检查轮次', none: '还没有检查轮次', open: '查看',
    seed: '随机种子', seedEvent: '审计链第 {id} 条记录了种子，任何人都可以据此重新算出抽样', candidates: '候选 {n} 条，抽中 {k} 条',
    period: '检查期间', items: '抽中的事项', subject: '对象', decidedBy: '经办人', decidedAt: '经办时间', finding: '检查结果',
    record: '记录结果', result: '结果', results: { ok: '无问题', problem: '有问题' }, problemKind: '问题类型',
    suspected: '疑似问题（疑似从有，按有问题记录）', note: '说明（可选）', recorded: '已记录', pending: '未检查',
    csv: '下载检查报告（CSV）', rectification: '整改', toRectification: '查看整改', problemOpened: '已记录，已向乡镇发出整改通知，截止 {date}',
  },
  problemKinds: { not_eligible: '不符合条件', not_delivered: '未送达', quantity_short: '数量不足', quality: '质量问题', data_wrong: '数据有误', other: '其他问题' },
  rect: {
    title: '整改', all: '全部', statuses: { open: '待整改', answered: '已答复，待验收', accepted: '已验收' }, deadline: '整改期限', colon: '：',
    overdue: '已逾期', township: '乡镇', problemKind: '问题', round: '检查轮次', answer: '答复整改', answerText: '整改情况',
    answerPlaceholder: '说明做了哪些整改', answered: '已答复，等待检查人验收', accept: '验收通过', accepted: '已验收通过',
    reopen: '退回重改', reopened: '已退回，重新计算整改期限', reopenedCount: '已退回 {n} 次', none: '没有整改事项',
    reopenReason: '退回原因（乡镇会看到）', escalation: '已上报 {n} 级',
  },
  revisits: {
    title: '回头看', open: '待回访', answered: '已回访', due: '应回访日期', outcome: '回访结果',
    outcomes: { improved: '有改善', same: '没有变化', worse: '变差了', at_risk: '有返贫风险' }, note: '说明（可选）', submit: '记录回访',
    recorded: '已记录回访', none: '没有回访事项', need: '帮扶的需求', monitored: '该户已列为监测户', suggested: '建议为该户发布新需求',
    openForm: '按建议发布需求', formTitle: '为该户发布新需求（已按建议填好）', household: '受助家庭',
  },
  officialFigures: {
    title: '履职数据', reviews: '审核需求', rejections: '不通过', rejectionRate: '不通过率', medianReview: '审核用时中位数',
    pledgeDecisions: '审核认捐', decisionsChecked: '被抽查的经办事项', problemsFound: '查出的问题', overdue: '逾期未整改',
    hours: '{n} 小时', none: '—',
  },
  checkFigures: {
    title: '三查数据', rounds: '次检查', itemsChecked: '条已检查', problems: '个问题', problemRate: '问题率',
    rectifications: '项整改', overdue: '项逾期未整改', onTime: '按期整改率', byKind: '各类问题',
    disclosures: '问题与整改公示', noDisclosures: '暂无已整改的公示', countyOnly: '选择到县级即可查看问题与整改公示',
    outcomes: { rectified_on_time: '按期整改', rectified_late: '逾期整改' }, foundAt: '发现日期', rectifiedAt: '整改验收日期',
  },
  confirmChecks: {
    create: '发起后立即随机抽样，种子写入审计链，抽样结果不能更改。确定发起吗？',
    finding: '检查结果记录后不能修改；记录为有问题时，会向乡镇发出整改通知。确定记录吗？',
    accept: '验收通过后，这个问题算作已整改，并公开公示。确定通过吗？',
    reopen: '退回后，乡镇需要重新整改，并有新的期限。',
  },
}
