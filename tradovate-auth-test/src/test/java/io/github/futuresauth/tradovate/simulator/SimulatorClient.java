package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain {@link HttpClient} client of a {@link TradovateSimulator}, so that the tests
 * exercise real HTTP on the loopback interface.
 */
final class SimulatorClient {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final HttpClient httpClient;

	private final URI baseUrl;

	private final Duration requestTimeout;

	private final String forwardedFor;

	SimulatorClient(TradovateSimulator simulator) {
		this(simulator, Duration.ofSeconds(10));
	}

	SimulatorClient(TradovateSimulator simulator, Duration requestTimeout) {
		this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build(),
				simulator.baseUrl(), requestTimeout, null);
	}

	private SimulatorClient(HttpClient httpClient, URI baseUrl, Duration requestTimeout, String forwardedFor) {
		this.httpClient = httpClient;
		this.baseUrl = baseUrl;
		this.requestTimeout = requestTimeout;
		this.forwardedFor = forwardedFor;
	}

	/**
	 * Return a client whose requests come from the given network, as the simulator sees
	 * it: they carry it as {@code X-Forwarded-For}.
	 */
	SimulatorClient from(String address) {
		return new SimulatorClient(this.httpClient, this.baseUrl, this.requestTimeout, address);
	}

	static Map<String, Object> loginBody(String name, String password) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("password", password);
		body.put("appId", "simulator-tests");
		body.put("appVersion", "1.0");
		body.put("deviceId", "3f2b8c1e-simulator-tests");
		body.put("cid", 0);
		body.put("sec", "");
		return body;
	}

	HttpResponse<String> login(String name, String password) throws IOException, InterruptedException {
		return post("/auth/accesstokenrequest", loginBody(name, password));
	}

	CompletableFuture<HttpResponse<String>> loginAsync(String name, String password) {
		return this.httpClient.sendAsync(postRequest("/auth/accesstokenrequest", loginBody(name, password)),
				BodyHandlers.ofString());
	}

	/**
	 * Log in and return the access token, failing when the login did not succeed.
	 */
	String accessToken(String name, String password) throws IOException, InterruptedException {
		JsonNode response = json(login(name, password));
		if (!response.has("accessToken")) {
			throw new IllegalStateException("Login failed: " + response);
		}
		return response.get("accessToken").stringValue();
	}

	/**
	 * Log in with an API key and return the access token, failing when the login did not
	 * succeed.
	 */
	String accessToken(String name, String password, ApiKey apiKey) throws IOException, InterruptedException {
		Map<String, Object> body = loginBody(name, password);
		body.putAll(Map.of("appId", apiKey.appId(), "appVersion", apiKey.appVersion(), "cid", apiKey.cid(), "sec",
				apiKey.sec()));
		JsonNode response = json(post("/auth/accesstokenrequest", body));
		if (!response.has("accessToken")) {
			throw new IllegalStateException("Login failed: " + response);
		}
		return response.get("accessToken").stringValue();
	}

	HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
		return this.httpClient.send(postRequest(path, body), BodyHandlers.ofString());
	}

	HttpResponse<String> postRaw(String path, String body) throws IOException, InterruptedException {
		HttpRequest request = request(path).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build();
		return this.httpClient.send(request, BodyHandlers.ofString());
	}

	HttpResponse<String> get(String path, String accessToken) throws IOException, InterruptedException {
		HttpRequest.Builder request = request(path).GET();
		if (accessToken != null) {
			request.header("Authorization", "Bearer " + accessToken);
		}
		return this.httpClient.send(request.build(), BodyHandlers.ofString());
	}

	static JsonNode json(HttpResponse<String> response) {
		return jsonMapper.readTree(response.body());
	}

	private HttpRequest postRequest(String path, Object body) {
		return request(path).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofByteArray(jsonMapper.writeValueAsBytes(body)))
			.build();
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(this.requestTimeout)
			.header("Accept", "application/json");
		if (this.forwardedFor != null) {
			request.header("X-Forwarded-For", this.forwardedFor);
		}
		return request;
	}

}
