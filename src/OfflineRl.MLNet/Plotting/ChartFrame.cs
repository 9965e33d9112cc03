namespace OfflineRl.MLNet.Plotting;

/// <summary>A plotting area in SVG units and the data ranges it shows (in log10 units on a log axis).</summary>
internal sealed record ChartFrame(double Left, double Top, double Width, double Height, double XMin, double XMax, double YMin, double YMax, bool LogX, bool LogY)
{
    /// <summary>The SVG x of an axis value (log10 units on a log axis).</summary>
    public double PxRaw(double x) => Left + ((x - XMin) / (XMax - XMin) * Width);

    /// <summary>The SVG y of an axis value (log10 units on a log axis).</summary>
    public double PyRaw(double y) => Top + Height - ((y - YMin) / (YMax - YMin) * Height);

    /// <summary>The SVG x of a data value.</summary>
    public double Px(double x) => PxRaw(LogX ? Math.Log10(x) : x);

    /// <summary>The SVG y of a data value.</summary>
    public double Py(double y) => PyRaw(LogY ? Math.Log10(y) : y);
}
