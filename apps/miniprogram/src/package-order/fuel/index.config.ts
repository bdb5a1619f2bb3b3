export default definePageConfig({ navigationBarTitleText: '一键加油' })
