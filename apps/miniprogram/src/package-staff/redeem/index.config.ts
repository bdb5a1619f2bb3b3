export default definePageConfig({ navigationBarTitleText: '核销与加油' })
