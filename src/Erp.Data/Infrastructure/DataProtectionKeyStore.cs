using Dapper;

namespace Erp.Data.Infrastructure;

/// <summary>Data-protection key ring rows; the web layer adapts this to IXmlRepository.</summary>
public sealed class DataProtectionKeyStore(Db db)
{
    public IReadOnlyList<string> GetAll()
    {
        using var connection = db.DataSource.OpenConnection();
        return [.. connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id")];
    }

    public void Add(string friendlyName, string xml)
    {
        using var connection = db.DataSource.OpenConnection();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, UTC_TIMESTAMP(6))",
            new { friendlyName, xml });
    }
}
