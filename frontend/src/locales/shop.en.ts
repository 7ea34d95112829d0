// The English twins of shop.zh.ts.
import type { shop as zh } from './shop.zh'

export const shop: typeof zh = {
  productCategory: {
    grain: 'Grain and oil', fruit_vegetables: 'Fruit and vegetables', mushrooms: 'Mushrooms', nuts: 'Nuts and dried fruit', herbs: 'Medicinal herbs',
    meat_eggs: 'Meat and eggs', tea: 'Tea', handicraft: 'Handicraft', other: 'Other',
  },
  productStatus: { pending_certification: 'Awaiting certification', listed: 'On sale', delisted: 'Delisted', rejected: 'Not certified' },
  orderStatus: { placed: 'Awaiting payment', paid: 'Paid', shipped: 'Shipped', received: 'Received', cancelled: 'Cancelled', expired: 'Expired' },
  catalogue: {
    title: 'Shop', placeholder: 'Search produce, e.g. 核桃 (walnuts), 香菇 (shiitake), 蜂蜜 (honey)', results: '{total} products', none: 'No products match',
    sorts: { relevance: 'Relevance', price_asc: 'Price, low to high', price_desc: 'Price, high to low', newest: 'Newest', households_helped: 'Most households helped' },
    stock: '{n} {unit} in stock', soldOut: 'Sold out', helped: 'Helps {n} households', noImage: 'No image', region: 'Origin',
    intro: 'Buy what formerly poor households grow and make; every product is certified by its county.',
  },
  product: {
    title: 'Product', price: 'Price', stock: 'Stock', region: 'Origin', seller: 'Seller',
    sellerKind: { household: 'A household’s own produce', enterprise: 'Enterprise', social_org: 'Social organization' },
    certified: 'Certified by its county as helping poor households · {date}', notCertified: 'Not certified yet', helped: 'Helps {n} households earn more',
    order: 'Order now', quantity: 'Quantity ({unit})', name: 'Recipient', phone: 'Mobile phone', address: 'Delivery address', note: 'Note to the seller (optional)',
    total: 'Total {total}', submit: 'Place order', placed: 'Order placed. Agree the payment with the seller (transfer or cash on delivery); the seller records it and ships.',
    viewOrders: 'See my orders', signIn: 'Sign in to order', own: 'This is your own product', notOnSale: 'This product is not on sale now', soldOut: 'Sold out',
    payOutside: 'Payment happens outside the platform (transfer or cash on delivery); the seller records it.',
    privacy: 'Only you and the seller see the delivery details; they are erased 90 days after the order ends.',
    phoneWrong: 'Enter a valid phone number', gallery: 'Product images', image: 'Image {n}', close: 'Close', rejected: 'Not certified: {reason}', edit: 'Edit it in my shop',
  },
  seller: {
    title: 'My shop', products: 'My products', sales: 'Orders to me', create: 'Put up a product', edit: 'Edit', save: 'Save and submit for certification', cancelEdit: 'Cancel',
    created: 'Submitted; it goes on sale once a county official certifies it', saved: 'Saved', none: 'No products yet', stockEdit: 'Edit stock', stockSave: 'Save stock',
    stockSaved: 'Stock updated', images: 'Images', upload: 'Upload image', remove: 'Remove', removed: 'Image removed', uploaded: 'Image uploaded',
    confirmRemove: 'Remove this image? Buyers will no longer see it.',
    imageHint: 'Up to 6 images, JPEG, PNG or WebP, 5 MB each; locations and other photo data are removed. Changing the images of a product on sale sends it back for certification.', chooseImage: 'Choose an image',
    delist: 'Delist', delisted: 'Delisted', confirmDelist: 'Buyers will no longer see “{title}”; selling it again needs a new certification. Delist it?',
    editNote: 'Changing the name, price, description, images and so on sends it back for certification and pauses sales; changing only the stock does not.',
    fields: { title: 'Name', description: 'Description', category: 'Category', unit: 'Unit (公斤, 斤, 盒…)', price: 'Price per unit (yuan)', stock: 'Stock', region: 'Origin', householdsHelped: 'Households helped' },
    priceWrong: 'Enter a valid price, e.g. 36 or 36.50', noSales: 'No orders yet', delivery: 'Deliver to', recordPaid: 'Record payment', ship: 'Ship', tracking: 'Tracking number (optional)',
    cancel: 'Cancel order', cancelReason: 'Why (the buyer sees it)', paidDone: 'Payment recorded; the buyer is told', shipped: 'Shipped; the buyer is told',
    cancelled: 'Order cancelled; the stock is back', confirmPaid: 'Have you received the buyer’s payment of {total}? The buyer is told; ship within 14 days.',
    expiresAt: 'Expires on {date} unless handled', erased: 'The delivery details were erased as the rules require',
    orderedAt: 'Ordered', status: 'Status', all: 'All', note: 'Buyer’s note: {note}', rating: 'Buyer’s rating', stockHint: '{n} in stock', mustBeAbove: 'Stock cannot be below 0',
  },
  orders: {
    title: 'My orders', none: 'No orders yet', receive: 'Confirm receipt', rating: 'Rating', review: 'Review (optional)', received: 'Receipt confirmed, thank you for your review',
    cancel: 'Cancel order', confirmCancel: 'The stock goes back. Cancel this order?', cancelled: 'Order cancelled', cancelReason: 'Why cancelled: {reason}', tracking: 'Tracking number: {ref}', yourRating: 'Your rating',
    total: 'Total', unitPrice: 'Price', receiveTitle: 'Confirm you received “{title}”', ratingRequired: 'Choose a rating',
    payHint: 'Contact the seller to pay (transfer or cash on delivery); the seller records it and ships.',
  },
  certify: {
    tab: 'Products', approve: 'Certify', reject: 'Refuse', rejectTitle: 'Refuse certification',
    rejectWhat: 'A refused product does not go on sale; the seller sees why and may edit and submit it again.',
    confirmApprove: '“{title}” goes on sale as soon as it is certified. Certify it?',
    twoPeople: 'Rule of two people: sellers you registered or verified, and products you listed for a household, are certified by another official.',
    empty: 'No products to certify', product: 'Product', price: 'Price', helped: 'Households helped', toCertify: 'products to certify',
  },
  sales: {
    title: 'Consumption help sales', county: 'County', category: 'Category', orders: 'Orders', quantity: 'Quantity', amount: 'Sales', helped: 'Households helped',
    none: 'No sales yet', totals: 'Total', ordersCount: 'orders', amountTotal: 'sales', helpedTotal: 'households helped',
  },
  homeShop: { title: 'Buy from households', more: 'More products' },
  contribution: {
    purchases: 'purchases', purchasesValue: 'spent on purchases', pledges: 'pledges', kind: { pledge: 'Pledge', purchase: 'Purchase' }, items: 'Pledges and purchases',
    type: 'Type', item: 'Name', value: 'Amount (yuan)', status: 'Status', date: 'Time (Beijing)', region: 'Region',
  },
}
