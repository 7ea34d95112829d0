// 消费扶贫 (issue 18): the catalogue, the product page and ordering, the seller's desk, the buyer's
// orders, certification and the sales figures, in Chinese; shop.en.ts has the same keys.
export const shop = {
  productCategory: {
    grain: '粮油', fruit_vegetables: '果蔬', mushrooms: '食用菌', nuts: '干果坚果', herbs: '中药材', meat_eggs: '肉禽蛋', tea: '茶叶', handicraft: '手工艺品', other: '其他',
  },
  productStatus: { pending_certification: '待认定', listed: '在售', delisted: '已下架', rejected: '未通过认定' },
  orderStatus: { placed: '待付款', paid: '已付款', shipped: '已发货', received: '已收货', cancelled: '已取消', expired: '已过期' },
  catalogue: {
    title: '消费帮扶', placeholder: '搜索农产品，例如：核桃、香菇、蜂蜜', results: '共 {total} 件商品', none: '没有找到符合条件的商品',
    sorts: { relevance: '相关度', price_asc: '价格从低到高', price_desc: '价格从高到低', newest: '最新上架', households_helped: '带动户数最多' },
    stock: '库存 {n} {unit}', soldOut: '已售完', helped: '带动 {n} 户', noImage: '暂无图片', region: '产地', intro: '买脱贫户种的、做的好东西，每件商品都经过县里认定。',
  },
  product: {
    title: '商品详情', price: '单价', stock: '库存', region: '产地', seller: '卖家',
    sellerKind: { household: '农户自产', enterprise: '企业', social_org: '社会组织' },
    certified: '已通过县里的扶贫产品认定 · {date}', notCertified: '尚未通过认定', helped: '带动 {n} 户脱贫户增收',
    order: '立即下单', quantity: '数量（{unit}）', name: '收货人', phone: '手机号', address: '收货地址', note: '给卖家留言（可选）',
    total: '合计 {total}', submit: '提交订单', placed: '订单已提交。请与卖家约定付款（转账或货到付款），卖家登记收款后发货。', viewOrders: '查看我的订单',
    signIn: '登录后可以下单', own: '这是您自己的商品', notOnSale: '这件商品目前不在售', soldOut: '已售完',
    payOutside: '付款不经过平台：转账或货到付款，由卖家登记收款。', privacy: '收货信息只有您和卖家能看到，订单结束 90 天后删除。',
    phoneWrong: '请填写正确的手机号', gallery: '商品图片', image: '图片 {n}', close: '关闭', rejected: '未通过认定：{reason}', edit: '在我的店铺中修改',
  },
  seller: {
    title: '我的店铺', products: '我的商品', sales: '收到的订单', create: '上架新商品', edit: '修改', save: '保存并提交认定', cancelEdit: '取消',
    created: '已提交，等待县里工作人员认定后上架', saved: '已保存', none: '还没有商品', stockEdit: '改库存', stockSave: '保存库存', stockSaved: '库存已更新',
    images: '图片', upload: '上传图片', remove: '删除', removed: '图片已删除', uploaded: '图片已上传', confirmRemove: '删除这张图片？买家将看不到它。',
    imageHint: '最多 6 张，JPEG、PNG 或 WebP，每张不超过 5 MB；照片中的位置等信息会被去除。在售商品改了图片需要重新认定。', chooseImage: '选择图片',
    delist: '下架', delisted: '已下架', confirmDelist: '下架后买家将看不到“{title}”，重新上架需要再次认定。确定下架吗？',
    editNote: '修改名称、价格、说明、图片等会重新提交认定，认定前暂停销售；只改库存不会。',
    fields: { title: '商品名称', description: '商品介绍', category: '类别', unit: '单位（如 公斤、斤、盒）', price: '单价（元）', stock: '库存', region: '产地', householdsHelped: '带动脱贫户数' },
    priceWrong: '请填写正确的价格，例如 36 或 36.50', noSales: '还没有订单', delivery: '收货信息', recordPaid: '登记已收款', ship: '发货', tracking: '快递单号（可选）',
    cancel: '取消订单', cancelReason: '取消原因（买家会看到）', paidDone: '已登记收款，买家会收到通知', shipped: '已发货，买家会收到通知', cancelled: '订单已取消，库存已退回',
    confirmPaid: '确认已收到买家的货款 {total}？登记后买家会收到通知，请在 14 天内发货。', expiresAt: '{date} 前未处理将自动过期', erased: '收货信息已按规定删除',
    orderedAt: '下单时间', status: '状态', all: '全部', note: '买家留言：{note}', rating: '买家评价', stockHint: '库存 {n}', mustBeAbove: '库存不能小于 0',
  },
  orders: {
    title: '我的订单', none: '还没有订单', receive: '确认收货', rating: '评分', review: '评价（可选）', received: '已确认收货，谢谢您的评价',
    cancel: '取消订单', confirmCancel: '取消后库存退回，确定取消这笔订单吗？', cancelled: '订单已取消', cancelReason: '取消原因：{reason}', tracking: '快递单号：{ref}', yourRating: '您的评价',
    total: '合计', unitPrice: '单价', receiveTitle: '确认收到“{title}”', ratingRequired: '请选择评分', payHint: '请与卖家联系付款（转账或货到付款），卖家登记收款后发货。',
  },
  certify: {
    tab: '商品认定', approve: '认定通过', reject: '不通过', rejectTitle: '不通过认定', rejectWhat: '不通过时商品不会上架，卖家会看到原因并可以修改后重新提交。',
    confirmApprove: '认定通过后，“{title}”立即上架销售。确定通过吗？', twoPeople: '两人原则：您为其建档或认证的卖家、您代为上架的商品，由另一位工作人员认定。',
    empty: '没有待认定的商品', product: '商品', price: '单价', helped: '带动户数', toCertify: '件商品待认定',
  },
  sales: {
    title: '消费帮扶销售', county: '县（区）', category: '类别', orders: '订单', quantity: '数量', amount: '销售额', helped: '带动户数', none: '还没有销售', totals: '合计',
    ordersCount: '笔订单', amountTotal: '销售额', helpedTotal: '户脱贫户受益',
  },
  homeShop: { title: '消费帮扶好物', more: '更多好物' },
  contribution: {
    purchases: '笔购买', purchasesValue: '购买金额', pledges: '笔认捐', kind: { pledge: '认捐', purchase: '购买' }, items: '认捐和购买明细',
    type: '类型', item: '名称', value: '金额（元）', status: '状态', date: '时间（北京时间）', region: '地区',
  },
}
