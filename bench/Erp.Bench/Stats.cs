namespace Erp.Bench;

public sealed record Stats(string Name, int Count, double MedianMs, double P95Ms)
{
    public static Stats Of(string name, List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return new Stats(name, sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95));
    }

    private static double Percentile(double[] sorted, double p)
    {
        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
