import java.nio.file.*; import java.io.*; import java.util.zip.*;
/** gzip sizes with the JDK, as CompressedValues writes them: java GzSize.java FILE... */
public class GzSize { public static void main(String[] a) throws Exception { for (String f : a) { byte[] b = Files.readAllBytes(Path.of(f)); ByteArrayOutputStream o = new ByteArrayOutputStream(); try (GZIPOutputStream g = new GZIPOutputStream(o)) { g.write(b); } System.out.println(f + " " + b.length + " -> " + o.size()); } } }
