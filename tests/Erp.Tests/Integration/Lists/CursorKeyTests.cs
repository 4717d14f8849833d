using Erp.Tests.Support;
using Erp.Web.Paging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Erp.Tests.Integration.Lists;

public sealed class CursorKeyTests
{
    [Fact]
    public async Task Production_without_a_signing_key_refuses_to_start()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var app = new ErpAppWith(db, b => b.UseEnvironment("Production"));

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(CursorCodec.ConfigKey, error.ToString());
    }

    [Fact]
    public async Task A_configured_key_is_used_so_every_node_accepts_the_others_cursors()
    {
        await using var db = await TestDatabase.CreateAsync();
        const string key = "shared-by-every-node-0123456789abcdef";
        await using var one = new ErpAppWith(db, b => b.UseSetting(CursorCodec.ConfigKey, key));
        await using var two = new ErpAppWith(db, b => b.UseSetting(CursorCodec.ConfigKey, key));
        var scope = new CursorScope("orders", "Date", "");

        var cursor = one.Services.GetRequiredService<CursorCodec>().Encode(scope, new(new DateTime(2026, 1, 1), 1));

        Assert.Equal(1, two.Services.GetRequiredService<CursorCodec>().Decode(cursor, scope).Id);
    }

    /// <summary>An app on an existing test database (not dropped by it) with extra host settings.</summary>
    private sealed class ErpAppWith(TestDatabase db, Action<IWebHostBuilder> configure)
        : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Erp", db.ConnectionString);
            builder.UseSetting("ConnectionStrings:ErpOwner", db.ConnectionString);
            builder.UseSetting("ConnectionStrings:Redis", TestDatabase.RedisConnectionString);
            configure(builder);
        }
    }
}
