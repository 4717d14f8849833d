# syntax=docker/dockerfile:1
# Multi-stage build. UNVERIFIED here (no Docker engine on the development machines); a test parses it.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The web project's build restores htmx from the npm registry, so the build stage needs Node.
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props package.json package-lock.json ./
COPY src/Erp.Data/Erp.Data.csproj src/Erp.Data/
COPY src/Erp.Web/Erp.Web.csproj src/Erp.Web/
RUN dotnet restore src/Erp.Web/Erp.Web.csproj
COPY src/ src/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/Erp.Web/Erp.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# fonts-dejavu-core: the invoice PDF font (Pdf:FontDirectory, docs/adr/0011-durable-jobs.md).
RUN apt-get update && apt-get install -y --no-install-recommends curl fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# The aspnet image ships the non-root user "app" (uid 1654).
USER app
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "Erp.Web.dll"]
