/** 购物车: what the member chose at one station, with quantities to change; then one order for all of it. */
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

import { Money } from '../../components/money'
import { QuantityStepper } from '../../components/quantity-stepper'
import { ProductThumb } from '../../components/product-thumb'
import { QueryState } from '../../components/query-state'
import { cartCount, MAX_QUANTITY, setQuantity } from '../../domain/cart'
import { openAsMember, useSignedIn } from '../../hooks/use-session'
import { updateCart, useCart } from '../../services/cart-store'
import { useProducts } from '../../services/queries'

import './index.css'

export default function CartPage() {
  const cart = useCart()
  const products = useProducts(cart.stationId, 'all')
  const signedIn = useSignedIn()
  const lines = cart.lines.map((line) => ({ line, product: products.data?.items.find((p) => p.id === line.productId) })).filter((l) => l.product)
  return (
    <View className='cart'>
      <QueryState query={products} rows={3} empty={cart.lines.length === 0} emptyText='购物车是空的'>
        {() => (
          <View>
            {lines.map(({ line, product }) => (
              <View key={line.productId} className='cart__line' data-product={line.productId}>
                <ProductThumb product={product!} />
                <View className='cart__info'>
                  <View className='cart__name'>{product!.name}</View>
                  <Money fen={product!.memberPriceFen ?? product!.priceFen} className='cart__price' />
                  <QuantityStepper label='数量' value={line.quantity} min={0} max={Math.min(MAX_QUANTITY, product!.stock ?? MAX_QUANTITY)} onChange={(value) => updateCart((c) => setQuantity(c, line.productId, Number(value)))} />
                </View>
              </View>
            ))}
            <View className='cart__checkout'>
              <Button type='primary' block size='large' disabled={cartCount(cart) === 0} onClick={() => openAsMember('/package-mall/checkout/index?from=cart', signedIn)}>
                去结算（{cartCount(cart)} 件）
              </Button>
            </View>
          </View>
        )}
      </QueryState>
    </View>
  )
}
