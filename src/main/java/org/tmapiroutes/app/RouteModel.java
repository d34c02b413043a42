package org.tmapiroutes.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * What a route file defines, as Camel's own YAML DSL reads it into Camel's model: its routes, route templates,
 * templated routes and route configurations. Reading adds nothing to the running program.
 */
record RouteModel(List<RouteDefinition> routes, List<TemplatedRouteDefinition> templatedRoutes,
        List<RouteTemplateDefinition> templates, List<RouteConfigurationDefinition> configurations) {

    /** Reads a file's content; throws what the YAML DSL throws for a file it cannot read (with its line). */
    static RouteModel read(CamelContext context, Path file, String content) throws Exception {
        RouteModel model = new RouteModel(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Resource resource = ResourceHelper.fromString("file:" + file.toAbsolutePath(), content);
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(List.of(resource))) {
            if (!(builder instanceof RouteBuilder routes)) {
                continue;
            }
            routes.setCamelContext(context);
            routes.configure();
            model.routes().addAll(routes.getRouteCollection().getRoutes());
            model.templatedRoutes().addAll(routes.getTemplatedRouteCollection().getTemplatedRoutes());
            model.templates().addAll(routes.getRouteTemplateCollection().getRouteTemplates());
            if (routes instanceof RouteConfigurationBuilder configurations) {
                configurations.configuration();
                model.configurations().addAll(configurations.getRouteConfigurationCollection()
                        .getRouteConfigurations());
            }
        }
        return model;
    }

    boolean defines() {
        return !routes.isEmpty() || !templatedRoutes.isEmpty() || !templates.isEmpty() || !configurations.isEmpty();
    }
}
