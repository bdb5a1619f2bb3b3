/**
 * 商城: what the chosen station (the nearest by default) can sell now, by category, at the list price; the
 * member's price is in the checkout's breakdown, from the server. Picked up at that station.
 */
import { ScrollView, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Tabs } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import { PRODUCT_CATEGORIES, type Product, type ProductCategory } from '@fuel/shared/client'

import { Money } from '../../components/money'
import { ProductThumb } from '../../components/product-thumb'
import { QueryState } from '../../components/query-state'
import { formatDistance, PRODUCT_CATEGORY_NAMES } from '../../domain/labels'
import { useDriverPosition } from '../../hooks/use-position'
import { cartCount } from '../../domain/cart'
import { memberPriced } from '../../domain/money'
import { useCart } from '../../services/cart-store'
import { useHotProducts, useNearbyStations, useProducts } from '../../services/queries'

import './index.css'

export default function MallPage() {
  const { position } = useDriverPosition()
  const nearby = useNearbyStations(position, '92', 'distance')
  const stations = nearby.data?.items ?? []
  const [chosen, setChosen] = useState<number | null>(null)
  const stationId = chosen ?? stations[0]?.id ?? null
  const [category, setCategory] = useState<ProductCategory | 'all'>('all')
  const products = useProducts(stationId, category)
  const items = products.data?.items ?? []
  const cart = useCart()
  const hot = useHotProducts(stationId)
  return (
    <View className='mall'>
      <QueryState query={{ ...nearby, isPending: nearby.isPending || !position }} rows={1} empty={stations.length === 0} emptyText='附近没有可自提的门店'>
        {() => (
          <ScrollView scrollX className='mall__stations'>
            {stations.map((s) => (
              <View key={s.id} className={`mall__station${s.id === stationId ? ' mall__station--chosen' : ''}`} data-station={s.id} onClick={() => setChosen(s.id)}>
                <View className='mall__station-name'>{s.name}</View>
                <View className='mall__station-distance'>{formatDistance(s.distanceM)} · 到站自提</View>
              </View>
            ))}
          </ScrollView>
        )}
      </QueryState>
      {stationId !== null && (hot.data?.length ?? 0) > 0 && (
        <View className='mall__hot'>
          <View className='mall__hot-title'>热卖</View>
          <ScrollView scrollX className='mall__hot-list'>
            {hot.data!.map((p) => (
              <View key={p.id} className='mall__hot-item' data-hot={p.id} onClick={() => void Taro.navigateTo({ url: `/package-mall/product/index?id=${p.id}&stationId=${stationId}` })}>
                <View className='mall__hot-name'>{p.name}</View>
                <Money fen={p.priceFen} className='mall__hot-price' />
              </View>
            ))}
          </ScrollView>
        </View>
      )}
      <Tabs value={category} onChange={(value) => setCategory(value as ProductCategory | 'all')}>
        <Tabs.TabPane value='all' title='全部' />
        {PRODUCT_CATEGORIES.map((c) => (
          <Tabs.TabPane key={c} value={c} title={PRODUCT_CATEGORY_NAMES[c]} />
        ))}
      </Tabs>
      {stationId !== null && cart.stationId === stationId && cartCount(cart) > 0 && (
        <View className='mall__cart-bar' onClick={() => void Taro.navigateTo({ url: '/package-mall/cart/index' })}>
          <View>购物车 {cartCount(cart)} 件 · 到 {stations.find((s) => s.id === stationId)?.name ?? '门店'} 自提</View>
          <View className='mall__cart-go'>去结算</View>
        </View>
      )}
      {stationId !== null && (
        <QueryState query={products} rows={6} empty={items.length === 0} emptyText='该门店暂无此类商品'>
          {() => (
            <View className='mall__list'>
              {items.map((product) => (
                <ProductCard key={product.id} product={product} stationId={stationId} />
              ))}
            </View>
          )}
        </QueryState>
      )}
    </View>
  )
}

function ProductCard({ product, stationId }: { product: Product; stationId: number }) {
  const soldOut = (product.stock ?? 0) <= 0
  return (
    <View className={`mall__product${soldOut ? ' mall__product--sold-out' : ''}`} data-product={product.id} onClick={() => void Taro.navigateTo({ url: `/package-mall/product/index?id=${product.id}&stationId=${stationId}` })}>
      <ProductThumb product={product} />
      <View className='mall__info'>
        <View className='mall__name'>{product.name}</View>
        <View className='mall__desc'>{product.description}</View>
        <View className='mall__bottom'>
          <View className='mall__prices'>
            <Money fen={product.memberPriceFen ?? product.priceFen} className='mall__price' />
            {memberPriced(product) && (
              <>
                <View className='mall__member'>会员价</View>
                <Money fen={product.priceFen} was className='mall__list-price' />
              </>
            )}
          </View>
          <View className='mall__stock'>{soldOut ? '已售罄' : `库存 ${product.stock}`}</View>
        </View>
      </View>
    </View>
  )
}
