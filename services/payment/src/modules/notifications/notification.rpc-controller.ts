import { Controller } from '@nestjs/common';
import { paymentContracts, Rpc, RpcBody, type RpcPayloadOf } from '@fuel/shared';
import { NotificationService } from './notification.service.js';

/** Public by nature (the provider calls the gateway): trust comes from the provider's signature, checked here. */
@Controller()
export class NotificationRpcController {
  constructor(private readonly notifications: NotificationService) {}

  @Rpc(paymentContracts.wechatNotification)
  wechat(@RpcBody(paymentContracts.wechatNotification) { headers, body }: RpcPayloadOf<typeof paymentContracts.wechatNotification>) {
    return this.notifications.wechatNotification(headers, body);
  }

  @Rpc(paymentContracts.alipayNotification)
  alipay(@RpcBody(paymentContracts.alipayNotification) { body }: RpcPayloadOf<typeof paymentContracts.alipayNotification>) {
    return this.notifications.alipayNotification(body);
  }
}
