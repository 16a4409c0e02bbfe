package io.stateapi.local.bench.jmh;

/** The JSON values the hot-path benchmarks carry: a cart-like document of about {@code kib} KiB. */
final class Documents {

    private Documents() {
    }

    static String value(int kib) {
        StringBuilder json = new StringBuilder("{\"user\":\"ada\",\"currency\":\"EUR\",\"items\":[");
        for (int i = 0; json.length() < kib * 1024 - 64; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"A-").append(i).append("\",\"qty\":").append(i % 7 + 1)
                    .append(",\"price\":\"").append(10 + i % 90).append(".90\",\"note\":\"gift wrap, café\"}");
        }
        return json.append("],\"total\":\"99.90\"}").toString();
    }
}
