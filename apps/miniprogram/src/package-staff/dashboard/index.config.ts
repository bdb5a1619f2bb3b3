export default definePageConfig({ navigationBarTitleText: '区域看板' })
