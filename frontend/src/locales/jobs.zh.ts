// 就业扶贫 (issue 19): the job board, the job page and applying, the employer's desk, the household's
// "who can work" form, the officials' applications and retention checks, and the jobs figures, in
// Chinese; jobs.en.ts has the same keys.
export const jobs = {
  skill: {
    farming: '种植', livestock: '养殖', construction: '建筑', manufacturing: '工厂生产', sewing: '缝纫', handicraft: '手工编织',
    cooking: '烹饪', cleaning: '保洁', care: '护理照护', driving: '驾驶', logistics: '物流搬运', electrician: '电工',
    welding: '电焊', ecommerce: '电商', retail: '零售', security: '保安',
  },
  payPeriod: { month: '月薪', day: '日薪', piece: '计件' },
  travel: { county: '只在本县', province: '本省内都可以', anywhere: '哪里都可以' },
  ageBand: { '16_24': '16–24 岁', '25_34': '25–34 岁', '35_44': '35–44 岁', '45_54': '45–54 岁', '55_64': '55–64 岁' },
  jobStatus: { open: '招聘中', filled: '已招满', closed: '已结束' },
  applicationStatus: { applied: '已报名', invited: '已邀请', accepted: '已接受邀请', hired: '已录用', declined: '未录用', withdrawn: '已撤回' },
  matchReason: {
    skills_overlap: '技能符合 {matched}/{asked} 项', no_skills_asked: '岗位不限技能', same_village: '同村', same_township: '同乡镇',
    same_county: '同县', same_city: '同市', same_province: '同省', anywhere: '外地', free_members: '{count} 人可务工',
  },
  retentionFilter: { due: '待回访', upcoming: '未到期', answered: '已回访' },
  jobsNav: { board: '就业帮扶', employer: '招聘台', myApplications: '我的求职', work: '家中劳动力', official: '就业回访' },
  jobs: {
    per: { month: '月', day: '天', piece: '件' },
    board: {
      title: '就业帮扶', intro: '企业和社会组织为脱贫家庭提供的岗位，包括村里的扶贫车间。', placeholder: '搜索岗位，例如：缝纫、香菇采摘、保洁',
      results: '共 {total} 个岗位', none: '没有找到符合条件的岗位', region: '工作地点', payPeriod: '计薪方式', skills: '技能', housing: '住宿',
      housingYes: '提供住宿', housingNo: '不提供住宿', minPay: '工资不低于（元）', sort: '排序', filters: '筛选', clear: '清除筛选',
      sorts: { relevance: '相关度', pay_desc: '工资最高', newest: '最新发布', closing_soon: '即将截止' },
      left: '还招 {n} 人', until: '{date} 截止', up: '返回上一级', any: '不限',
    },
    job: {
      pay: '工资', positions: '招聘人数', left: '还招 {n} 人（共 {total} 人）', skills: '技能要求', noSkills: '不限技能', housing: '住宿',
      housingYes: '提供住宿', housingNo: '不提供住宿', until: '截止日期', organization: '招聘单位', place: '工作地点', notOpen: '该岗位已停止招聘',
      signIn: '登录后可以报名', mine: '这是您发布的岗位', close: '停止招聘', confirmClose: '停止招聘后，“{title}”不再接受报名，还在进行中的报名都会标记为未录用。确定吗？',
      expired: '已过截止日期', closeReason: '原因（可选）：', closed: '已停止招聘', edit: '修改岗位', applications: '报名（{n}）', matches: '匹配的家庭（{n}）', noApplications: '还没有人报名',
      noMatches: '暂时没有可以匹配的家庭', matchHint: '只显示有人能务工、技能和路程合适、还没有人在岗的家庭；不显示姓名和电话。',
      score: '匹配度 {n}', applyFor: '为这一户报名', free: '{n} 人可务工', travel: '愿意去：{travel}',
    },
    apply: {
      title: '报名', ageBand: '年龄段', skills: '会做的事', note: '给招聘单位的话（可选）',
      noteHint: '不要写姓名、电话或身份证号。招聘单位只看到年龄段、技能和您所在的村；您接受邀请后，对方才能看到您家的电话。',
      household: '为哪一户报名', householdHint: '辖区内家庭的编号；可在下面“匹配的家庭”中直接选择', submit: '提交报名',
      done: '报名已提交。招聘单位邀请后，您可以在“我的求职”中接受。', viewMine: '查看我的求职', workFirst: '先登记家中能务工的人',
    },
    application: {
      household: '家庭', place: '所在地', ageBand: '年龄段', skills: '技能', note: '留言', appliedAt: '{date} 报名', job: '岗位',
      invite: '邀请', invited: '已发出邀请，等待对方接受', confirmInvite: '邀请这一户？对方接受后，您可以看到对方的电话。',
      accept: '接受邀请', confirmAccept: '接受后，“{org}”可以看到您家的电话并联系您。确定接受吗？', accepted: '已接受邀请',
      hire: '录用', hireTitle: '录用 · {label}', startDate: '到岗日期', pay: '约定工资（元 / {period}）', hireSubmit: '确认录用', hired: '已录用',
      decline: '不录用', confirmDecline: '将这份报名标记为不录用？', declined: '已标记为不录用',
      withdraw: '撤回报名', confirmWithdraw: '撤回对“{title}”的报名？', withdrawn: '已撤回',
      phone: '联系电话：{phone}', phoneShared: '您已接受邀请：招聘单位现在可以看到您家的电话 {phone}，会与您联系。',
      phoneHidden: '对方接受邀请后，这里会显示对方的电话', started: '{date} 到岗 · {pay}',
      endReason: { job_closed: '岗位已停止招聘', job_filled: '岗位已招满', job_expired: '岗位已过期' },
      cancel: '取消', payWrong: '请填写正确的金额，例如 3000 或 150.50', dateMissing: '请选择到岗日期',
    },
    employer: {
      title: '招聘台', posts: '我的岗位（{n}）', post: '发布新岗位', applications: '收到的报名', none: '还没有发布岗位', noApplications: '没有这个状态的报名',
      counts: '报名 {applied} · 已邀请 {invited} · 已接受 {accepted} · 已录用 {hired}', created: '岗位已发布', saved: '已保存',
      unverified: '您的单位还没有通过认证：请联系县里的工作人员认证后再发布岗位。', matches: '匹配的家庭', status: '状态', all: '全部', open: '查看',
      intro: '发布岗位，邀请合适的家庭，录用后 30 天和 180 天村里会回访是否仍在岗。',
    },
    form: {
      title: '岗位名称', description: '工作内容、时间和地点', region: '工作地点', regionHint: '村里的扶贫车间请选到村', positions: '招聘人数',
      payMin: '最低工资（元）', payMax: '最高工资（元）', payPeriod: '计薪方式', skills: '技能要求（最多 8 项，可不选）', housing: '提供住宿',
      validUntil: '截止日期', save: '发布岗位', saveEdit: '保存修改', cancel: '取消', payWrong: '请填写正确的金额，例如 3000 或 150.50',
    },
    work: {
      title: '家中能务工的人', intro: '登记家里有几个人能出去干活或在家门口就业、会做什么、愿意去多远，就能收到合适的岗位。',
      able: '能务工的人数', skills: '会做的事（最多 8 项）', travel: '愿意去多远工作', save: '保存', saved: '已保存',
      updatedAt: '上次登记：{date}', never: '还没有登记', household: '家庭：{name}',
      privacy: '只有您家和帮扶工作人员能看到这里；招聘单位只能看到人数、技能和所在的村，看不到姓名和电话。',
      openTitle: '登记家庭劳动力', householdId: '家庭编号', open: '打开', openHint: '输入辖区内家庭的编号（在需求详情或新建家庭后可以看到）',
      recordFor: '登记这一户能务工的人', findJobs: '去找合适的岗位',
    },
    mine: { title: '我的求职', none: '还没有报名任何岗位', find: '去找工作' },
    official: {
      title: '就业帮扶', applications: '辖区内的报名（{n}）', retention: '就业回访（{n}）', noApplications: '辖区内没有这个状态的报名',
      noChecks: '没有记录', dueAt: '应回访日期：{date}', days: '录用后 {days} 天回访', startDate: '{date} 到岗',
      still: '仍在岗', notStill: '已不在岗', answerTitle: '记录回访：{label}', note: '备注（可选）', answered: '回访已记录',
      answer: '{answer} · {date}', intro: '辖区内家庭的求职进展，以及录用后 30 天、180 天的在岗回访。',
    },
    figures: {
      title: '就业帮扶', county: '县', jobs: '岗位', positions: '招聘人数', applications: '报名', hires: '录用',
      still30: '30 天仍在岗', still180: '180 天仍在岗', medianPay: '月薪中位数', none: '暂无就业数据', total: '合计',
      rate: '{still}/{answered}', hidden: '—', aboveCounty: '（市、省级岗位）',
    },
    report: { hires: '通过就业帮扶录用的人' },
  },
}
