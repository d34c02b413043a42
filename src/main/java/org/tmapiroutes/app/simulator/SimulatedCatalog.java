package org.tmapiroutes.app.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.tmapiroutes.app.simulator.CatalogVocabulary.BusinessType;
import org.tmapiroutes.app.simulator.CatalogVocabulary.Place;
import org.tmapiroutes.app.simulator.CatalogVocabulary.Theme;
import org.tmapiroutes.app.simulator.CatalogVocabulary.TradeName;
import org.tmapiroutes.app.simulator.CatalogVocabulary.Words;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The deterministic product list behind one simulated query (an endpoint and its required value), at a catalog
 * version.
 *
 * <p>Everything is drawn from {@link Random}, whose algorithm the JDK specifies, seeded from a SHA-256 of the endpoint
 * id and the value, so the same query gives the same products in every run and JVM. Each product has its own seed
 * derived from its position: asking for more products extends the list without changing the first ones.
 */
final class SimulatedCatalog {

    /** How many products each catalog version above 1 adds. */
    static final int NEW_PRODUCTS_PER_VERSION = 3;

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final OffsetDateTime FIRST_LISTING = OffsetDateTime.of(2019, 1, 1, 0, 0, 0, 0, CHINA);
    private static final OffsetDateTime LAST_LISTING = OffsetDateTime.of(2025, 10, 31, 23, 59, 0, 0, CHINA);
    private static final OffsetDateTime NEW_ARRIVALS_SINCE = OffsetDateTime.of(2025, 8, 1, 0, 0, 0, 0, CHINA);
    private static final int SHOPS_PER_MARKET_QUERY = 12;
    private static final int[] MOQ_CHOICES = {1, 1, 1, 2, 2, 3, 5, 10, 20, 50, 100, 200};
    private static final String IMAGE_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private SimulatedCatalog() {
    }

    /**
     * The products of a query in default order.
     *
     * @param endpoint the endpoint asked
     * @param value    the value of its required parameter
     * @param count    how many products the query has at catalog version 1
     * @param version  the catalog version, from 1; each version above 1 changes about one price in five and lists
     *                 {@link #NEW_PRODUCTS_PER_VERSION} new products first
     */
    static List<SimulatedProduct> products(TmapiEndpoint endpoint, String value, int count, int version) {
        if (count < 0 || version < 1) {
            throw new IllegalArgumentException("count must be >= 0 and version >= 1");
        }
        long seed = seed(endpoint.id() + "\n" + value);
        Random query = new Random(seed);
        // drawn in any case, so that what follows from the query's random numbers does not depend on the theme
        Theme drawn = pick(query, CatalogVocabulary.THEMES);
        // a keyword gets the products it names (a buyer searching 马克杯 sees mugs); other values name none
        Theme theme = endpoint.id().startsWith("keyword-search") ? CatalogVocabulary.themeAskedFor(value).orElse(drawn)
                : drawn;
        List<SimulatedShop> shops = shops(endpoint, value, query);

        Set<Long> itemIds = new HashSet<>();
        List<SimulatedProduct> products = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Random random = new Random(mix(seed, i));
            products.add(product(endpoint, theme, shops, random, itemIds, randomListing(random)));
        }
        if (count == 0) {
            return products;
        }
        for (int step = 2; step <= version; step++) {
            products = nextVersion(endpoint, theme, shops, seed, step, products, itemIds);
        }
        return products;
    }

    private static List<SimulatedProduct> nextVersion(TmapiEndpoint endpoint, Theme theme, List<SimulatedShop> shops,
                                                      long seed, int step, List<SimulatedProduct> previous,
                                                      Set<Long> itemIds) {
        List<SimulatedProduct> next = new ArrayList<>(previous.size() + NEW_PRODUCTS_PER_VERSION);
        // New listings come first so that a one-page fetch already sees them.
        OffsetDateTime day = LAST_LISTING.plusDays(step - 1L).withHour(0).withMinute(0);
        for (int j = 0; j < NEW_PRODUCTS_PER_VERSION; j++) {
            Random random = new Random(mix(seed ^ 0x5DEECE66DL, step * 64L + j));
            OffsetDateTime listed = day.plusMinutes(random.nextInt(24 * 60));
            next.add(product(endpoint, theme, shops, random, itemIds, listed));
        }
        for (SimulatedProduct product : previous) {
            Random random = new Random(mix(seed ^ product.itemId(), step));
            next.add(random.nextInt(5) == 0 ? product.withPrice(changedPrice(product.price(), random)) : product);
        }
        return next;
    }

    private static BigDecimal changedPrice(BigDecimal price, Random random) {
        double factor = random.nextBoolean() ? 0.80 + random.nextDouble() * 0.15 : 1.05 + random.nextDouble() * 0.20;
        BigDecimal changed = price.multiply(BigDecimal.valueOf(factor)).setScale(2, RoundingMode.HALF_UP);
        if (changed.compareTo(price) == 0) {
            changed = changed.add(new BigDecimal("0.01"));
        }
        return changed.max(new BigDecimal("0.01"));
    }

    private static SimulatedProduct product(TmapiEndpoint endpoint, Theme theme, List<SimulatedShop> shops,
                                            Random random, Set<Long> itemIds, OffsetDateTime created) {
        SimulatedShop shop = pick(random, shops);
        Words prefix = pick(random, CatalogVocabulary.PREFIXES);
        Words adjective = pick(random, CatalogVocabulary.ADJECTIVES);
        Words feature = pick(random, theme.features());
        Words noun = pick(random, theme.nouns());
        Words suffix = pick(random, CatalogVocabulary.SUFFIXES);
        Words title = new Words(prefix.zh() + adjective.zh() + feature.zh() + noun.zh() + " " + suffix.zh(),
                String.join(" ", prefix.en(), adjective.en(), feature.en(), noun.en(), suffix.en()));

        long itemId = 600_000_000_000L + (long) (random.nextDouble() * 399_999_999_999L);
        while (!itemIds.add(itemId)) {
            itemId++;
        }
        List<String> imageIds = List.of(imageId(random), imageId(random), imageId(random));

        double logMin = StrictMath.log(theme.minPrice().doubleValue());
        double logMax = StrictMath.log(theme.maxPrice().doubleValue());
        BigDecimal price = BigDecimal.valueOf(StrictMath.exp(logMin + random.nextDouble() * (logMax - logMin)))
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal listPrice = price.multiply(BigDecimal.valueOf(1.05 + random.nextDouble() * 0.45))
                .setScale(2, RoundingMode.HALF_UP);
        boolean discountShown = random.nextInt(4) == 0;
        BigDecimal dropShipPrice = random.nextBoolean() ? price : price.add(new BigDecimal("4.00"));

        int moq = MOQ_CHOICES[random.nextInt(MOQ_CHOICES.length)];
        // Heavy-tailed like real sales: most offers sell little, a few sell more than 100000.
        long sales90d = (long) Math.floor(StrictMath.exp(random.nextDouble() * StrictMath.log(300_001))) - 1;
        long sales30d = Math.round(sales90d * (0.20 + random.nextDouble() * 0.25));
        long orders30d = sales30d == 0 ? 0 : Math.max(1, sales30d / (2 + random.nextInt(18)));
        long buyerCount = Math.round(sales90d * (0.30 + random.nextDouble() * 0.30));
        int repurchasePercent = random.nextInt(71);

        boolean freeShipping = random.nextInt(4) == 0;
        boolean shipIn48h = random.nextInt(3) == 0;
        boolean lowRefundRate = random.nextInt(5) == 0;
        boolean onePieceMinOrder = moq == 1 && random.nextBoolean();
        boolean supportDropshipping = random.nextBoolean();
        String videoId = random.nextInt(3) == 0 ? ""
                : String.valueOf(100_000_000_000L + random.nextInt(Integer.MAX_VALUE) * 100L);

        List<String> categoryPath = new ArrayList<>();
        int pathLength = endpoint == TmapiEndpoint.SHOP_ITEMS_BY_MEMBER ? 4 + random.nextInt(4) : 2;
        while (categoryPath.size() < pathLength) {
            String id = categoryPath.size() < 2 || random.nextBoolean()
                    ? pick(random, theme.categoryIds())
                    : String.valueOf(10_000_000 + random.nextInt(190_000_000));
            if (!categoryPath.contains(id)) {
                categoryPath.add(id);
            }
        }
        boolean newArrival = !created.isBefore(NEW_ARRIVALS_SINCE);
        return new SimulatedProduct(itemId, title, imageIds, List.copyOf(categoryPath), theme.name(), price, listPrice,
                discountShown, dropShipPrice, moq, sales90d, sales30d, orders30d, buyerCount, repurchasePercent,
                freeShipping, shipIn48h, lowRefundRate, onePieceMinOrder, supportDropshipping, newArrival, shop,
                created, theme.unit(), videoId);
    }

    private static OffsetDateTime randomListing(Random random) {
        long minutes = Duration.between(FIRST_LISTING, LAST_LISTING).toMinutes();
        return FIRST_LISTING.plusMinutes((long) (random.nextDouble() * minutes));
    }

    /** One shop for the shop endpoints (the query names it), a pool of shops for category and image queries. */
    private static List<SimulatedShop> shops(TmapiEndpoint endpoint, String value, Random random) {
        return switch (endpoint) {
            case SHOP_ITEMS -> List.of(shop(random, null, value));
            case SHOP_ITEMS_BY_MEMBER -> List.of(shop(random, value, null));
            default -> {
                List<SimulatedShop> shops = new ArrayList<>();
                for (int i = 0; i < SHOPS_PER_MARKET_QUERY; i++) {
                    shops.add(shop(random, null, null));
                }
                yield List.copyOf(shops);
            }
        };
    }

    private static SimulatedShop shop(Random random, String loginId, String shopUrl) {
        Place place = pick(random, CatalogVocabulary.PLACES);
        TradeName tradeName = pick(random, CatalogVocabulary.TRADE_NAMES);
        BusinessType type = pick(random, CatalogVocabulary.BUSINESS_TYPES);
        String generatedUrl = "https://" + tradeName.pinyin() + (100 + random.nextInt(900)) + ".1688.com";
        long imageOwner = 100_000_000L + (long) (random.nextDouble() * 3_900_000_000_000L);
        int years = 1 + random.nextInt(15);
        String compositeScore = BigDecimal.valueOf(35 + 5 * random.nextInt(4), 1).toPlainString();
        boolean superFactory = random.nextInt(6) == 0;
        boolean factory = superFactory || random.nextInt(3) == 0;
        boolean powerfulSeller = random.nextInt(4) == 0;
        boolean verified = random.nextBoolean();
        BigDecimal repurchaseRate = BigDecimal.valueOf(random.nextInt(6000), 2);
        return new SimulatedShop(place.city() + tradeName.zh() + type.companyName(),
                loginId != null ? loginId : tradeName.zh() + type.loginSuffix(),
                shopUrl != null ? shopUrl : generatedUrl,
                imageOwner, place, years, compositeScore, superFactory, factory, powerfulSeller, verified,
                repurchaseRate);
    }

    private static String imageId(Random random) {
        StringBuilder id = new StringBuilder("O1CN01");
        for (int i = 0; i < 18; i++) {
            id.append(IMAGE_ID_CHARS.charAt(random.nextInt(IMAGE_ID_CHARS.length())));
        }
        return id.toString();
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** SplitMix64 finaliser: neighbouring indexes give unrelated seeds, which {@link Random} alone does not. */
    static long mix(long seed, long index) {
        long z = seed + index * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
