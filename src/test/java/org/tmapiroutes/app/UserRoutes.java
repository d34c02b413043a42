package org.tmapiroutes.app;

/** Route files of a user's own that the tests of route-file checks start, save and spoil. */
final class UserRoutes {

    /** An inbox flow with a condition and a route with a product step, one line each where a check points. */
    static final String CONDITIONS = String.join("\n",
            "- templatedRoute:",
            "    routeTemplateRef: inbox-flow",
            "    routeId: cheap-inbox",
            "    parameters:",
            "      - name: where",
            "        value: \"${body.price} <= 5\"",
            "- route:",
            "    from:",
            "      uri: timer:x",
            "      steps:",
            "        - to:",
            "            uri: kamelet:items-where-action",
            "            parameters:",
            "              expression: \"RAW(${body.sales90d} >= 1000)\"",
            "        - to: outbx:csv-sink");

    private UserRoutes() {
    }

    /** A scheduled flow of a user's own on this cron, in Shanghai time, with the values a case spoils. */
    static String hourly(String cron) {
        return """
                # hourly-report: the cheapest products of a category, every hour.
                - route:
                    id: hourly-report
                    from:
                      uri: quartz:tmapi-reports/hourly-report
                      parameters:
                        cron: "%s"
                        trigger.timeZone: Asia/Shanghai
                      steps:
                        - to: kamelet:tmapi-category-items-action?catId=1031922&sort=price_up&maxPages=1
                """.formatted(cron);
    }

    /**
     * A scheduled flow of a user's own on this cron whose run buys three pages of one category and logs its summary:
     * with the simulator slowed down, a run that outlasts the time between fires.
     */
    static String busyReport(String cron) {
        return """
                - route:
                    id: busy-report
                    routeConfigurationId: tmapi-errors
                    from:
                      uri: quartz:tmapi-test/busy-report
                      parameters:
                        cron: "%s"
                      steps:
                        - to: kamelet:tmapi-category-items-action?catId=1031922&maxPages=3
                        - bean:
                            ref: jobQueries
                            method: logSummary
                """.formatted(cron);
    }
}
