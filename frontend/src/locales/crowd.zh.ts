// 扶贫众筹 and campaigns: the project list and page with its public ledger, pledging, review and
// closing, proposing a project, the host's desk, campaigns and matching funds, in Chinese;
// crowd.en.ts has the same keys.
export const crowd = {
  projectStatus: { pending_review: '待审核', open: '筹款中', rejected: '未通过', completed: '已完成', failed: '未筹满', cancelled: '已取消' },
  projectPledgeStatus: { pledged: '已认捐', received: '已到账', lapsed: '已失效' },
  campaignPhase: { current: '进行中', upcoming: '即将开始', past: '已结束' },
  crowdNav: { projects: '众筹项目', campaigns: '配捐活动', host: '项目执行', mine: '众筹项目审核', more: '更多' },
  projects: {
    title: '扶贫众筹', intro: '村里提出、县里审核、公益机构执行的小项目；每一笔认捐、到账和支出都公开。',
    placeholder: '搜索项目，例如：饮水、路灯、校舍', region: '地区', status: '状态', sort: '排序', allStatuses: '全部状态',
    sorts: { newest: '最新', deadline: '即将截止', progress: '筹款进度' },
    results: '共 {total} 个项目', none: '还没有符合条件的项目', propose: '发起项目',
    received: '已到账 {received} / 目标 {target}', pledged: '已认捐 {pledged}', deadline: '截止 {date}', host: '执行机构：{name}',
    progressLabel: '到账进度',
  },
  project: {
    back: '返回项目列表', description: '项目说明', budget: '预算', item: '用途', amount: '预算金额', spent: '已支出',
    totals: '账目合计', pledged: '已认捐', received: '已到账', spentTotal: '已支出', refunded: '已退款', balance: '机构结余',
    ledger: '公开账目', ledgerIntro: '认捐人姓名已隐去；支出附收据照片，点击可看大图。', noLedger: '还没有账目',
    kinds: { pledge: '认捐', receipt: '到账', spending: '支出', refund: '退款' },
    date: '日期', who: '认捐人', what: '说明', receipt: '收据', receiptOf: '{line} 的收据',
    report: '结项报告', closeReason: '关闭原因', rejectionReason: '未通过原因', rejectionReasonText: '未通过原因：{reason}', closeReasonText: '关闭原因：{reason}', village: '村', hostOrg: '执行机构', settled: '账目已结清',
    pledgeTitle: '我要认捐', pledgeAmount: '金额（元）', pledgeMessage: '留言（可不填）', pledgeAnonymous: '匿名显示为“爱心人士”',
    pledgeSubmit: '认捐', pledged_ok: '认捐成功，机构收到款项后会在账目中登记', pledgeSignIn: '登录后即可认捐', amountWrong: '请填写金额，例如 200',
    reviewTitle: '审核项目', approve: '通过', reject: '不通过', reason: '原因', reasonHint: '不通过时必填，会告诉发起人', reviewed: '已审核',
    closeTitle: '关闭项目', outcome: '结果', outcomes: { completed: '已完成（附结项报告）', failed: '未筹满（截止后）', cancelled: '取消（说明原因）' },
    closeReport: '结项报告', closeReasonField: '原因', closeSubmit: '关闭项目', closed: '项目已关闭',
    closeConfirm: '关闭后不能再认捐、登记到账或支出。确定关闭吗？',
  },
  propose: {
    title: '发起众筹项目', intro: '村干部发起，县里另一位干部审核通过后公开筹款。', name: '项目名称', description: '项目说明',
    village: '所在村', host: '执行机构', hostPick: '选择已认证的公益机构', hostId: '或粘贴机构编号', hostHint: '执行机构须为已认证的社会组织；列表里没有时，请向机构索取编号。',
    deadline: '截止日期', budget: '预算明细', item: '用途', amount: '金额（元）', addLine: '添加一行', removeLine: '删除这一行',
    target: '目标金额（预算合计）：{total}', submit: '提交审核', submitted: '已提交，等待县里审核', amountWrong: '请填写金额，例如 1200',
  },
  host: {
    title: '项目执行', intro: '本机构执行的众筹项目：登记到账、登记支出（附收据照片），项目失败或取消时登记退款。',
    officialTitle: '众筹项目', officialIntro: '辖区内的众筹项目：发起的、待审核的和进行中的。', waiting: '待审核',
    none: '还没有项目', open: '查看项目', receiptTitle: '登记到账', pledge: '认捐', amount: '金额（元）', date: '日期',
    receiptSubmit: '登记到账', receipted: '已登记到账', spendingTitle: '登记支出', line: '预算用途', description: '买了什么',
    image: '收据照片', imageHint: 'JPEG、PNG 或 WebP，不超过 5 MB；位置等信息会被去除。', spendingSubmit: '登记支出', spent: '已登记支出',
    refundTitle: '登记退款', refundSubmit: '登记退款', refunded: '已登记退款', left: '待到账 {amount}', refundable: '可退 {amount}',
    noPledges: '没有待处理的认捐', choose: '请选择', fileMissing: '请选择收据照片',
  },
  receipts: {
    title: '待审核的收据', intro: '收据可能含收款人的电话或账号：县级干部审核公开后，所有人才能看到图片；账目金额一直公开。',
    status: { pending: '待审核', withheld: '未公开', published: '已公开' }, publish: '公开收据', withhold: '不公开',
    reason: '不公开的原因', reasonHint: '不公开时必填，例如：收据上有收款人手机号', why: '未公开：{reason}',
    published: '收据已公开', withheldOk: '收据未公开，已告知承接方', replace: '上传遮挡后的收据', replaced: '已上传新收据，等待审核',
    reversal: '冲正', cancelRequested: '已申请取消，待县级另一位干部确认', cancelRequestText: '取消申请（待第二位干部确认）：{reason}',
  },
  campaigns: {
    title: '配捐活动', intro: '活动期间，企业认捐的配捐资金按比例为范围内的爱心认捐加码。', none: '没有活动', new: '新建活动',
    period: '{start} 至 {end}', regions: '范围', scope: '范围：{regions}', allCategories: '所有类别', funds: '配捐资金', fundsCount: '{count} 笔配捐资金',
  },
  campaign: {
    totals: '活动合计', donorValue: '爱心认捐', donorPledges: '认捐笔数', drawn: '已配捐', remaining: '剩余可配', pledgedFunds: '配捐资金总额',
    enterprise: '企业', ratio: '比例', cap: '上限', fundDrawn: '已配', fundRemaining: '剩余', noFunds: '还没有配捐资金',
    chart: '进度', chartDonors: '爱心认捐累计', chartMatched: '配捐累计', chartEmpty: '还没有确认的认捐', chartLabel: '爱心认捐累计 {donors}，配捐累计 {matched}',
    refreshing: '活动进行中，每 30 秒更新', fundTitle: '认捐配捐资金', fundRatio: '比例（每 1 元爱心认捐配多少元）', fundCap: '上限（元）',
    fundSubmit: '认捐配捐资金', funded: '已认捐配捐资金', ratioWrong: '比例为 0.01 到 10，例如 1 表示 1:1', capWrong: '请填写上限金额，例如 50000',
  },
  campaignNew: {
    title: '新建配捐活动', name: '活动名称', description: '活动说明', starts: '开始时间', ends: '结束时间', regions: '范围（地区）',
    addRegion: '添加地区', categories: '需求类别（不选为全部）', submit: '创建活动', created: '活动已创建', timeWrong: '请选择时间',
  },
}
