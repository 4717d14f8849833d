using System.Text.Json;
using Erp.Data.Api;
using Erp.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Erp.Web.Api;

/// <summary>
/// The JSON API under /api/v1 (ADR 0015): bearer tokens only, problem+json for every error, snake_case JSON,
/// the OpenAPI document at /openapi/v1.json and, in Development, a browsable reference at /scalar/v1.
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api";
    public const string OpenApiPattern = "/openapi/{documentName}.json";

    public static void AddErpApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddSingleton<IdempotencyStore>();
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Erp API",
                    Version = "v1",
                    Description = "Lists page with signed cursors ({ data, next_cursor, has_more }); money is a decimal string, times are UTC (Z), " +
                                  "dates yyyy-MM-dd; errors are application/problem+json. Get a token from POST /api/v1/auth/token.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiTokens.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "The access_token of POST /api/v1/auth/token (15 minutes).",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<JsonBody>().FirstOrDefault() is { } body)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, ct) },
                        },
                    };
                }
                if (!metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokens.Scheme, context.Document)] = [] });
                }
                var path = context.Description.RelativePath ?? "";
                if (context.Description.HttpMethod == HttpMethods.Post && !path.EndsWith("auth/token", StringComparison.Ordinal))
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(Header(IdempotencyFilter.Header, required: false,
                        "Makes the POST safe to repeat: the same key and body within 24 hours get the first answer; another body 422; while the first runs 409."));
                    if (metadata.OfType<IfMatchRequired>().Any())
                    {
                        operation.Parameters.Add(Header("If-Match", required: true,
                            "The order's ETag from GET /api/v1/orders/{id} (or *). Missing: 428; stale: 412."));
                    }
                }
                if (context.Description.HttpMethod == HttpMethods.Get && path.Contains("{id}", StringComparison.Ordinal))
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(Header("If-None-Match", required: false, "An ETag you have: 304 while it is current."));
                }
            });
        });
    }

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    /// <summary>
    /// Errors under /api are problem+json, never a page: exceptions (500, or the status of a malformed request)
    /// and bare statuses (401 from the bearer challenge, 403, 404 of unknown routes, 405).
    /// </summary>
    public static void UseErpApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments(Prefix), branch =>
        {
            branch.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
                ExceptionHandler = ctx => ApiProblems.ForStatus(ctx.Response.StatusCode).ExecuteAsync(ctx),
            });
            branch.UseStatusCodePages(ctx => ApiProblems.ForStatus(ctx.HttpContext.Response.StatusCode).ExecuteAsync(ctx.HttpContext));
        });

    public static void MapErpApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Api);
        ApiAuth.MapAuth(api);
        ApiReads.MapReads(api);
        ApiOrders.MapOrders(api);

        // Unknown /api addresses are a 404 problem for everyone; without this route the sign-in fallback policy
        // would answer them 401 (no endpoint, so no bearer scheme either).
        app.Map($"{Prefix}/{{**rest}}", () => ApiProblems.ForStatus(StatusCodes.Status404NotFound))
            .WithOrder(int.MaxValue).AllowAnonymous().ExcludeFromDescription();

        app.MapOpenApi(OpenApiPattern).AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            // The reference page runs Scalar's script and inline configuration: ADR 0015 says which policy it gets.
            app.MapScalarApiReference("/scalar").AllowAnonymous();
        }
    }
}
