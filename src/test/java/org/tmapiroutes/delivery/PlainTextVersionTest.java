package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The plain-text version of a report mail reads like the HTML without its markup. */
class PlainTextVersionTest {

    @Test
    void givenReportHtml_whenMadePlain_thenHeadingsLinesCellsAndLinksReadAsText() {
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>subject line</title></head>
                <body style="x">
                  <h2>category-email-report</h2>
                  <p><b>Asked:</b> cat_id 1031922, sort sales<br>
                     <b>Price:</b> min 1.50 &middot; max 9 CNY</p>
                  <h3>Top 2 by sales</h3>
                  <table>
                    <tr><th>#</th><th></th><th>Product</th><th>Sales</th></tr>
                    <tr><td>1</td><td><img src="https://i/1.jpg" alt="a"></td>
                        <td><a href="https://detail.1688.com/offer/1.html">太阳镜 &quot;Aviator&quot; &amp; co &lt;b&gt;</a></td><td>120</td></tr>
                    <tr><td>2</td><td></td><td>no link &#39;here&#39;</td><td>7</td></tr>
                  </table>
                </body>
                </html>
                """;

        assertThat(PlainTextVersion.of(html)).isEqualTo("""
                category-email-report

                Asked: cat_id 1031922, sort sales
                Price: min 1.50 · max 9 CNY

                Top 2 by sales

                # | Product | Sales
                1 | 太阳镜 "Aviator" & co <b> <https://detail.1688.com/offer/1.html> | 120
                2 | no link 'here' | 7
                """);
    }
}
