package io.stateapi.local.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The subscription routes and key writes of one tenant over HTTP, with a token of its own (admin included). */
final class SubscriptionsApi {

    private static final String SCOPES = "state:read state:write state:admin";

    private final Http http;
    private final String[] authorization;

    SubscriptionsApi(URI api, String tenant) {
        this.http = new Http(api);
        this.authorization = new String[] {"Authorization", "Bearer " + TestStack.issuer().token(tenant, SCOPES)};
    }

    HttpResponse<String> createNamespace(String namespace) {
        return http.put("/v1/namespaces/" + namespace, "{}", authorization);
    }

    HttpResponse<String> create(String namespace, String bodyJson) {
        return http.send("POST", path(namespace), bodyJson.getBytes(StandardCharsets.UTF_8),
                authorization[0], authorization[1], "Content-Type", "application/json");
    }

    /** Creates it and answers its representation; fails unless 201. */
    JsonNode created(String namespace, String bodyJson) {
        HttpResponse<String> response = create(namespace, bodyJson);
        if (response.statusCode() != 201) {
            throw new AssertionError("POST subscription: " + response.statusCode() + " " + response.body());
        }
        return Http.json(response);
    }

    HttpResponse<String> list(String namespace) {
        return http.get(path(namespace), authorization);
    }

    HttpResponse<String> describe(String namespace, String name) {
        return http.get(path(namespace) + "/" + name, authorization);
    }

    HttpResponse<String> delete(String namespace, String name) {
        return http.delete(path(namespace) + "/" + name, authorization);
    }

    HttpResponse<String> put(String namespace, String key, String valueJson) {
        return http.put(Http.keyPath(namespace, key), "{\"value\":" + valueJson + "}", authorization);
    }

    HttpResponse<String> deleteKey(String namespace, String key) {
        return http.delete(Http.keyPath(namespace, key), authorization);
    }

    static String path(String namespace) {
        return "/v1/namespaces/" + namespace + "/subscriptions";
    }
}
