package io.github.futuresauth.tradovate.docs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds a new project as a user would: a skeleton as Spring Initializr generates it,
 * with its {@code contextLoads()} test, and then the Maven dependencies, the
 * configuration and the Java of the README's Quick start, with real-looking credentials
 * exported in the shell. Its test passes against the simulator that
 * {@code tradovate-auth-test} gives every test context, and it cannot reach any other
 * host: the test JVM resolves no host name but {@code localhost}.
 */
class QuickStartProjectIntegrationTests {

	private static final Path MODULE = Path.of("").toAbsolutePath();

	private static final Path PROJECT = MODULE.resolve("target/quick-start/project");

	private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

	private static final Pattern TYPE = Pattern
		.compile("^(?:public |final |abstract )*(?:class|record|interface|enum) (\\w+)", Pattern.MULTILINE);

	@Test
	void quickStartProjectPassesItsTestsAgainstTheSimulator() throws Exception {
		List<Markdown.Block> quickStart = Markdown.blocks(Markdown.ROOT.resolve("README.md"), "## Quick start");
		FileSystemUtils.deleteRecursively(PROJECT);
		Files.createDirectories(PROJECT);
		writeProject(quickStart);
		Path hosts = Files.writeString(MODULE.resolve("target/quick-start/hosts"), "127.0.0.1 localhost\n");
		Path log = MODULE.resolve("target/quick-start/build.log");
		List<String> command = new ArrayList<>(List.of(maven(), "--batch-mode", "--no-transfer-progress",
				"-Dmaven.repo.local=" + System.getProperty("quick-start.repository"),
				"-Dmaven.repo.local.tail=" + System.getProperty("quick-start.local-repository"),
				"-DargLine=-Djdk.net.hosts.file=" + hosts, "test"));
		if ("offline=true".equals(System.getProperty("quick-start.offline"))) {
			command.add(1, "--offline");
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// As the README has users export them: the test must not use them.
		builder.environment()
			.putAll(Map.of("TRADOVATE_NAME", "real-user", "TRADOVATE_PASSWORD", "real-password", "TRADOVATE_SEC",
					"real-secret"));
		builder.environment().remove("MAVEN_ARGS");
		Process process = builder.start();
		boolean finished = process.waitFor(15, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = Files.readString(log);
		assertThat(finished).as("build finished").isTrue();
		assertThat(process.exitValue()).as("exit value of the build, whose output is in %s:%n%s", log, output).isZero();
		assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
			.contains("BUILD SUCCESS")
			.doesNotContain("UnknownHostException")
			.doesNotContain("real-password")
			.doesNotContain("real-secret");
	}

	private static void writeProject(List<Markdown.Block> quickStart) throws IOException {
		StringBuilder dependencies = new StringBuilder();
		String configuration = null;
		List<String> java = new ArrayList<>();
		for (Markdown.Block block : quickStart) {
			switch (block.language()) {
				case "xml" -> dependencies.append(block.text());
				case "yaml" -> configuration = block.text();
				case "java" -> java.add(block.text());
				default -> {
				}
			}
		}
		assertThat(dependencies).as("Maven dependencies of the Quick start")
			.contains("<artifactId>tradovate-auth-starter</artifactId>")
			.contains("<artifactId>tradovate-auth-test</artifactId>");
		assertThat(configuration).as("application.yml of the Quick start").isNotNull();
		Files.writeString(PROJECT.resolve("pom.xml"), pom(dependencies.toString()));
		write("src/main/resources/application.yml", configuration);
		write("src/main/java/com/example/trading/TradingApplication.java", """
				package com.example.trading;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class TradingApplication {

					public static void main(String[] args) {
						SpringApplication.run(TradingApplication.class, args);
					}

				}
				""");
		write("src/test/java/com/example/trading/TradingApplicationTests.java", """
				package com.example.trading;

				import org.junit.jupiter.api.Test;

				import org.springframework.boot.test.context.SpringBootTest;

				@SpringBootTest
				class TradingApplicationTests {

					@Test
					void contextLoads() {
					}

				}
				""");
		for (String source : java) {
			Matcher packageName = PACKAGE.matcher(source);
			Matcher type = TYPE.matcher(source);
			assertThat(packageName.find() && type.find()).as("package and type of a Quick start snippet:%n%s", source)
				.isTrue();
			String directory = (source.contains("@Test") || source.contains("Tests {")) ? "src/test/java/"
					: "src/main/java/";
			write(directory + packageName.group(1).replace('.', '/') + "/" + type.group(1) + ".java", source);
		}
	}

	private static String pom(String dependencies) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
						xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
					<modelVersion>4.0.0</modelVersion>
					<parent>
						<groupId>org.springframework.boot</groupId>
						<artifactId>spring-boot-starter-parent</artifactId>
						<version>%s</version>
						<relativePath/>
					</parent>
					<groupId>com.example</groupId>
					<artifactId>trading</artifactId>
					<version>0.0.1-SNAPSHOT</version>
					<properties>
						<java.version>17</java.version>
					</properties>
					<dependencies>
						<dependency>
							<groupId>org.springframework.boot</groupId>
							<artifactId>spring-boot-starter</artifactId>
						</dependency>
						<dependency>
							<groupId>org.springframework.boot</groupId>
							<artifactId>spring-boot-starter-test</artifactId>
							<scope>test</scope>
						</dependency>
				%s	</dependencies>
				</project>
				"""
			.formatted(System.getProperty("spring-boot.version"), dependencies.indent(2));
	}

	private static void write(String path, String content) throws IOException {
		Path file = PROJECT.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	private static String maven() {
		String home = System.getProperty("maven.home");
		assertThat(home).as("maven.home, which the build passes on").isNotBlank();
		boolean windows = File.separatorChar == '\\';
		return Path.of(home, "bin", windows ? "mvn.cmd" : "mvn").toString();
	}

}
