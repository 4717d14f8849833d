using Erp.Web.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Erp.Web.Api;

/// <summary>
/// POST /api/v1/auth/token: e-mail and password for a bearer token of at most 15 minutes. The same check as
/// the sign-in page (<see cref="Credentials"/>: one answer for every failure, lockout after repeated failures).
/// </summary>
public static class ApiAuth
{
    public static void MapAuth(RouteGroupBuilder api) =>
        api.MapPost("/auth/token", async (HttpContext http, Credentials credentials, ApiTokens tokens, IOptions<JsonOptions> json,
                CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "no-store";
                var (input, problem) = await ApiBodies.ReadAsync<TokenRequest>(http.Request, json.Value.SerializerOptions, ct);
                if (problem is not null)
                {
                    return problem;
                }
                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrWhiteSpace(input!.Email) || input.Email.Length > 254)
                {
                    errors["email"] = ["email is required (at most 254 characters)."];
                }
                if (string.IsNullOrEmpty(input.Password) || input.Password.Length > 200)
                {
                    errors["password"] = ["password is required (at most 200 characters)."];
                }
                if (errors.Count > 0)
                {
                    return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity, "Send { \"email\", \"password\" }.", errors);
                }
                if (await credentials.CheckAsync(http, input.Email!, input.Password!, ct) is not { } user)
                {
                    return ApiProblems.Create(StatusCodes.Status401Unauthorized, Credentials.InvalidMessage);
                }
                return ApiAnswer.Ok(new TokenResponse(tokens.Issue(user), "Bearer", (int)tokens.Lifetime.TotalSeconds));
            })
            .AllowAnonymous()
            .WithSummary("Exchanges an e-mail and password for a bearer token (at most 15 minutes).")
            .WithMetadata(new JsonBody(typeof(TokenRequest)))
            .Produces<TokenResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
