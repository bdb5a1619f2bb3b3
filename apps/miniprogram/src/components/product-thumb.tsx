/** A product's picture: the category's colour and the product's first character (demo products have no photos). */
import { View } from '@tarojs/components'
import type { Product } from '@fuel/shared/client'

import './product-thumb.css'

export function ProductThumb({ product, size = 'small' }: { product: Pick<Product, 'name' | 'category'>; size?: 'small' | 'large' }) {
  return <View className={`product-thumb product-thumb--${product.category} product-thumb--${size}`}>{product.name.slice(0, 1)}</View>
}
