package io.stompede.examples.springchat;

import io.stompede.examples.chat.PageFiles;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves stompjs where the chat's page loads it, {@code /vendor/stompjs/}, from the webjar the
 * plain chat serves it from. The page itself is Spring Boot's static content:
 * {@code spring.web.resources.static-locations} points at the plain chat's page files.
 */
@Configuration(proxyBeanMethods = false)
class PageResources implements WebMvcConfigurer {
    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(PageFiles.STOMPJS_PATH + "**")
                .addResourceLocations("classpath:/" + PageFiles.stompJsBundles() + "/");
    }
}
