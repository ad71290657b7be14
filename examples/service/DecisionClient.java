import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Decides one case with a commitrules decision service, using only the JDK's HTTP client (Java 11+).
 *
 * <p>Usage: {@code java DecisionClient [BASE_URL]}; the bearer token, if the service needs one, comes from
 * the environment variable COMMITRULES_TOKEN. Exit 0 with the decision JSON, 1 with the problem.
 */
public final class DecisionClient {
    private DecisionClient() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String token = System.getenv("COMMITRULES_TOKEN");
        String caseJson = "{\"kind\": \"credit_site\", \"content\": {\"items\": [\"dishonesty_info\"]}}";

        // HTTP/1.1: the JDK client otherwise offers an h2c upgrade, which uvicorn does not take up on a POST
        // (the body is then lost and the service answers 400 invalid_json).
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/decisions?as_of=2020-06-01"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept-Language", "zh-CN")
                .POST(HttpRequest.BodyPublishers.ofString(caseJson));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            // The body is the decision in canonical JSON, byte for byte the text the decision log recorded.
            String id = response.headers().firstValue("X-Decision-Id").orElse("(not logged)");
            System.out.println("decision " + id);
            System.out.println(response.body());
        } else {
            // Every error is an RFC 9457 problem (application/problem+json): code, detail, and errors
            // with the JSON path of each bad field, what was expected and what was found.
            System.err.println("problem " + response.statusCode() + ": " + response.body());
            System.exit(1);
        }
    }
}
