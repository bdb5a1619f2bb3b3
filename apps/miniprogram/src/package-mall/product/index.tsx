/** A product at a station: what it is, what it costs, how many can be ordered there; choose a quantity and buy for pickup. */
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'

import { Money } from '../../components/money'
import { QuantityStepper } from '../../components/quantity-stepper'
import { ProductThumb } from '../../components/product-thumb'
import { QueryState } from '../../components/query-state'
import { PRODUCT_CATEGORY_NAMES } from '../../domain/labels'
import { addToCart } from '../../domain/cart'
import { memberPriced } from '../../domain/money'
import { openAsMember, useSignedIn } from '../../hooks/use-session'
import { updateCart } from '../../services/cart-store'
import { useProducts } from '../../services/queries'

import './index.css'

export default function ProductPage() {
  const params = useRouter().params
  const id = Number(params.id)
  const stationId = Number(params.stationId)
  const products = useProducts(Number.isInteger(stationId) && stationId > 0 ? stationId : null, 'all')
  const product = products.data?.items.find((p) => p.id === id)
  const signedIn = useSignedIn()
  const [quantity, setQuantity] = useState(1)
  return (
    <View className='product'>
      <QueryState query={products} rows={6} empty={products.isSuccess && !product} emptyText='商品不存在或已下架'>
        {() => {
          const stock = product!.stock ?? 0
          return (
            <View>
              <ProductThumb product={product!} size='large' />
              <View className='product__card'>
                <View className='product__prices'>
                  <Money fen={product!.memberPriceFen ?? product!.priceFen} className='product__price' />
                  {memberPriced(product!) && <Money fen={product!.priceFen} was className='product__list-price' />}
                </View>
                <View className='product__note'>{memberPriced(product!) ? '您的会员价' : '会员享 95 / 92 / 88 折，结算时按您的等级计算'}</View>
                <View className='product__name'>{product!.name}</View>
                {product!.variantGroup && (
                  <View className='product__variants'>
                    <View className='product__variants-title'>规格</View>
                    {(products.data?.items ?? [])
                      .filter((p) => p.variantGroup === product!.variantGroup)
                      .map((variant) => (
                        <View
                          key={variant.id}
                          className={`product__variant${variant.id === product!.id ? ' product__variant--chosen' : ''}`}
                          data-variant={variant.id}
                          onClick={() => variant.id !== product!.id && void Taro.redirectTo({ url: `/package-mall/product/index?id=${variant.id}&stationId=${stationId}` })}
                        >
                          {variant.variantLabel}
                          {(variant.stock ?? 0) <= 0 ? '（售罄）' : ''}
                        </View>
                      ))}
                  </View>
                )}
                <View className='product__desc'>{product!.description}</View>
                <View className='product__meta'>
                  {PRODUCT_CATEGORY_NAMES[product!.category]} · {stock > 0 ? `该门店库存 ${stock}` : '该门店已售罄'}
                </View>
              </View>
              <View className='product__buy'>
                <View className='product__quantity'>
                  <View>数量</View>
                  <QuantityStepper label='购买数量' value={quantity} min={1} max={Math.max(1, Math.min(stock, 99))} onChange={(value) => setQuantity(Number(value))} />
                </View>
                <Button
                  className='product__cart'
                  block
                  size='large'
                  disabled={stock <= 0}
                  onClick={() => {
                    updateCart((cart) => addToCart(cart, stationId, id, quantity))
                    void Taro.showToast({ title: '已加入购物车', icon: 'success' })
                  }}
                >
                  加入购物车
                </Button>
                <Button
                  type='primary'
                  block
                  size='large'
                  disabled={stock <= 0}
                  onClick={() =>
                    openAsMember(`/package-mall/checkout/index?stationId=${stationId}&productId=${id}&quantity=${quantity}`, signedIn)
                  }
                >
                  {stock > 0 ? '立即购买（到站自提）' : '已售罄'}
                </Button>
              </View>
            </View>
          )
        }}
      </QueryState>
    </View>
  )
}
