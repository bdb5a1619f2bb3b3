import { rpcContract } from '../../rpc/contract.js';
import { productListQuery, type ProductPage } from './product.dto.js';

export const orderContracts = {
  listProducts: rpcContract<ProductPage>()('order.products.list', productListQuery),
};
