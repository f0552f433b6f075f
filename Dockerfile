# One image for every kubesim service (docker-compose.yml picks the jar with SERVICE).
# Build stage: the same Maven wrapper build as without Docker.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dmaven.test.skip=true package \
 && mkdir /jars \
 && for m in state-service api-gateway scheduler-service controller-manager node-agent-sim kubesim-infra; do \
      cp "$m/target/$m-0.1.0-SNAPSHOT-exec.jar" "/jars/$m.jar"; \
    done

# Runtime: a JRE (21+), curl for the health checks, the executable jars.
FROM eclipse-temurin:25-jre
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /jars/ /app/
ENV SERVICE=state-service JAVA_OPTS="-XX:+UseSerialGC -Xmx256m"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/$SERVICE.jar \"$@\"", "--"]
