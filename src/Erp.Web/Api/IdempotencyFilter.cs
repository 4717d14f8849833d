using System.Security.Cryptography;
using System.Text;
using Erp.Data.Api;
using Erp.Web.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Erp.Web.Api;

/// <summary>
/// Idempotency-Key on the API's POSTs (ADR 0015): the first request with a key runs and its answer is
/// stored for 24 hours under the signed-in user; the same key with the same request gets that answer
/// again (nothing runs twice); with a different request it is a 422; while the first is still running, a 409.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store, IOptions<JsonOptions> json, ILogger<IdempotencyFilter> logger) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    private const int MaxBody = 1024 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!request.Headers.TryGetValue(Header, out var values))
        {
            return await next(context);
        }
        var key = values.Count == 1 ? values[0] ?? "" : "";
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return ApiProblems.BadRequest(
                $"{Header} must be one value of 1 to {MaxKeyLength} visible ASCII characters (a UUID is a good choice).");
        }
        if (Sessions.UserId(http.User) is not { } userId)
        {
            return await next(context);
        }

        var body = await BodyAsync(request);
        if (body is null)
        {
            return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, "The request body is larger than 1 MB.");
        }
        var claim = await store.ClaimAsync(userId, key, Hash(request, body), http.RequestAborted);
        switch (claim.State)
        {
            case IdempotencyState.Replay:
                http.Response.Headers[ReplayedHeader] = "true";
                return new StoredResult(claim.Answer!);
            case IdempotencyState.Mismatch:
                return ApiProblems.Create(StatusCodes.Status422UnprocessableEntity,
                    $"This {Header} was already used for a different request. Use a new key for a new request.",
                    new Dictionary<string, string[]> { [Header] = ["Already used for a different request."] });
            case IdempotencyState.InFlight:
                return ApiProblems.Create(StatusCodes.Status409Conflict,
                    $"A request with this {Header} is still being processed. Retry after it has answered to get its answer.");
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await store.ReleaseAsync(userId, key, CancellationToken.None);
            throw;
        }
        if (result is ApiAnswer { Status: < 500 } answer)
        {
            var stored = answer.ToStored(json.Value.SerializerOptions);
            try
            {
                await store.CompleteAsync(userId, key, stored, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The request itself succeeded: its answer is given; the key stays in flight until it is abandoned.
                logger.LogError(e, "Storing the answer of {Header} {Key} of user {User} failed", Header, key, userId);
            }
            return new StoredResult(stored);
        }
        await store.ReleaseAsync(userId, key, CancellationToken.None);
        return result;
    }

    /// <summary>The body, kept readable for the endpoint; null when it exceeds the limit.</summary>
    private static async Task<byte[]?> BodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBody)
            {
                return null;
            }
        }
        request.Body.Position = 0;
        return buffer.ToArray();
    }

    /// <summary>What makes two requests "the same": method, path, If-Match and body.</summary>
    private static byte[] Hash(HttpRequest request, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n{request.Headers.IfMatch}\n"));
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }

    private sealed class StoredResult(StoredAnswer answer) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => ApiAnswer.WriteAsync(httpContext, answer);
    }
}
