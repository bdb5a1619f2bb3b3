export default definePageConfig({ navigationBarTitleText: '本站订单' })
