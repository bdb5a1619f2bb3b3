package com.alibaba.nacos;

import com.alibaba.nacos.core.code.ControllerMethodsCache;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.ServletComponentScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Minimal standalone Nacos server (naming + config, no console UI).
 *
 * <p>Must live in package {@code com.alibaba.nacos} and scan it, like upstream's console {@code Nacos} class.
 * Start with {@code -Dnacos.standalone=true -Dnacos.home=<dir>} (both JVM system properties) and optionally
 * {@code --server.port=<port>} (gRPC uses port+1000 and port+1001).
 */
@SpringBootApplication(scanBasePackages = "com.alibaba.nacos")
@ServletComponentScan
@EnableScheduling
public class NacosLauncher {

    public static void main(String[] args) {
        SpringApplication.run(NacosLauncher.class, args);
    }

    /**
     * Upstream does this in the console module (ConsoleConfig). Without it the auth/request filters do not know the
     * controller methods and the v1 HTTP API answers 501 "no such api".
     */
    @Bean
    public InitializingBean nacosControllerMethodsInit(ControllerMethodsCache methodsCache) {
        return () -> {
            methodsCache.initClassMethod("com.alibaba.nacos.core.controller");
            methodsCache.initClassMethod("com.alibaba.nacos.naming.controllers");
            methodsCache.initClassMethod("com.alibaba.nacos.config.server.controller");
        };
    }
}
