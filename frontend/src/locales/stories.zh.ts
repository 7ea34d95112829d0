// 扶贫展示 (stories of help), 扶贫榜样 (the honour roll) and 扶贫评价 (supporters' pages).
export const stories = {
  storiesNav: { stories: '帮扶故事', honour: '爱心榜', mine: '我的故事', review: '故事审核', honourSettings: '榜单设置' },
  storyStatus: { draft: '草稿', in_review: '待审核', published: '已发布', rejected: '已退回' },
  stories: {
    title: '帮扶故事', intro: '帮扶到户之后的真实故事：经过该户同意、另一位工作人员审核后才公开，不显示姓名和联系方式。',
    region: '地区', results: '共 {total} 篇', none: '这个地区还没有发布的故事', photo: '故事照片', read: '阅读全文',
    published: '发布于 {date}', household: '帮扶对象', place: '地点', backToList: '← 全部故事', ofNeed: '帮扶的需求',
    needSection: '帮扶故事', needNone: '这项需求还没有发布的故事', write: '写帮扶故事', writeHint: '为已确认收到的帮扶写一篇故事',
    new: { title: '写帮扶故事', subject: '关于', pledge: '已确认收到的认捐', application: '已录用的求职', create: '保存草稿', missing: '缺少要写的帮扶（认捐编号）' },
    form: { edit: '修改', title: '标题', titleHint: '2–60 个字，不写姓名、电话、身份证号', body: '正文', bodyHint: '10–2000 个字；写发生了什么、帮到了什么，不写姓名、电话、身份证号', save: '保存修改', saved: '已保存；需要重新征得该户同意' },
    photos: { title: '照片', hint: 'JPEG、PNG 或 WebP，不超过 5 MB，最多 6 张；上传时会去掉拍摄位置等信息', showsFace: '照片里有人脸', upload: '上传照片', uploaded: '照片已上传；需要重新征得该户同意', remove: '删除', confirmRemove: '删除这张照片？', removed: '照片已删除', face: '有人脸', none: '还没有照片' },
    consent: {
      byAnother: '请该户在应用中同意；口头同意由另一位工作人员记录。',
      title: '该户同意', none: '该户还没有同意发布这篇故事', given: '该户已于 {date} 同意', spoken: '（口头同意，由工作人员记录）', app: '（本人在应用中同意）',
      faces: '同意展示人脸', noFaces: '不同意展示人脸', note: '记录说明', noteHint: '何时、在哪里、怎样表示同意，不写电话和身份证号',
      record: '记录口头同意', recorded: '已记录该户的口头同意', facesAllowed: '该户同意展示有人脸的照片',
      ask: '请看看这篇关于您家的故事。同意后，经另一位工作人员审核才会公开；公开时不显示您的姓名和联系方式。',
      agree: '同意发布', agreeFaces: '同意发布，也可以展示有人脸的照片', agreeNoFaces: '同意发布，但不展示有人脸的照片', agreed: '谢谢，已记录您的同意',
      confirm: '同意后这篇故事会交给另一位工作人员审核，审核通过就公开。确定同意吗？',
    },
    submit: '提交审核', submitted: '已提交，等待另一位工作人员审核', next: {
      consent: '下一步：请该户同意（在应用中同意，或由您记录口头同意）', faces: '有照片显示人脸，而该户没有同意展示人脸：请删除这张照片或重新征得同意',
      submit: '该户已同意，可以提交审核', review: '等待另一位工作人员审核', published: '已公开', rejected: '审核退回：修改后会成为草稿，再次征得同意',
    },
    rejectedBecause: '退回原因：{reason}', writtenByYou: '由您撰写',
    mine: { title: '我的故事', intro: '关于您家的帮扶故事。请看一看；同意后才会交给工作人员审核公开。', officialIntro: '您写的帮扶故事，以及每篇走到了哪一步。', none: '还没有故事', open: '查看' },
    review: {
      title: '故事审核', intro: '另一位工作人员写的、该户已同意的故事。看一看有没有姓名、电话等个人信息，照片是否合适。', none: '没有待审核的故事',
      facesQuestion: '哪些照片能看到人脸？（撰写人标出的已勾选）', photoShowsFace: '第 {n} 张有人脸', approve: '通过并公开', reject: '退回', reason: '退回原因', reasonHint: '写给撰写的工作人员看', confirmApprove: '这篇故事会马上公开（不显示姓名）。通过吗？',
      approved: '已公开', rejected: '已退回', consentAt: '该户同意：{date}', faces: '含人脸照片：{n} 张',
    },
  },
  honour: {
    title: '爱心榜', intro: '按该户确认收到的帮扶排名：未确认的认捐不计入。个人默认只显示化名，本人可选择显示姓名。',
    region: '地区', year: '年份', rank: '名次', name: '爱心人士/单位', value: '帮扶价值', households: '帮扶户数', rating: '评分',
    ratingValue: '{avg} 分（{n} 条）', fewerThanFive: '少于5条', noRating: '暂无评分', none: '这一年这个地区还没有确认收到的帮扶', verified: '已认证', results: '共 {total} 位',
    role: { donor: '爱心人士', enterprise: '爱心企业', social_org: '社会组织' },
  },
  supporter: {
    title: '帮扶评价', fulfilment: '履约率', fulfilmentHint: '已确认收到 / 获批的认捐 {confirmed} / {approved}', median: '送达用时（中位数）',
    durationDays: '{days} 天 {hours} 小时', durationHours: '{hours} 小时', value: '帮扶价值', households: '帮扶户数', confirmed: '确认收到的认捐',
    ratings: '该户评分', ratingsNone: '还没有评分', stars: '{n} 星', count: '{n} 条', notFound: '没有这位爱心人士，或对方选择不上榜', back: '← 爱心榜',
  },
  honourSettings: {
    title: '榜单设置', intro: '爱心榜和您的公开页只统计该户确认收到的帮扶。', showName: '在榜单上显示我的名字', showNameHint: '不勾选时显示为“爱心人士 · 编号”；单位始终显示单位名称。',
    listed: '上爱心榜', listedHint: '不勾选时，您不出现在榜单上，您的公开页也不可访问。', saved: '已保存', myPage: '查看我的公开页',
  },
}
