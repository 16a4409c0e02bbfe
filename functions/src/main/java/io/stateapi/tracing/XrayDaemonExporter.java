package io.stateapi.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Sends each span as a segment document ({@link XraySegments}) to the X-Ray daemon over UDP, as
 * the X-Ray SDKs do: in Lambda, active tracing runs the daemon's endpoint at
 * {@code AWS_XRAY_DAEMON_ADDRESS} and sends what it receives to X-Ray with the function's role
 * ({@code xray:PutTraceSegments}). No HTTP client, no collector, no extension (ADR 0059).
 */
public final class XrayDaemonExporter implements SpanExporter {

    /** What precedes every document (X-Ray developer guide, "Sending segment documents to the X-Ray daemon"). */
    private static final byte[] PREAMBLE = "{\"format\": \"json\", \"version\": 1}\n".getBytes(StandardCharsets.UTF_8);
    /** A datagram's limit; a document of the functions' spans is well under 1 KB. */
    private static final int MAX_DATAGRAM = 64 * 1024;

    private final InetSocketAddress daemon;
    private final XraySegments segments;
    private final DatagramSocket socket;

    private XrayDaemonExporter(InetSocketAddress daemon, XraySegments segments) {
        this.daemon = daemon;
        this.segments = segments;
        try {
            this.socket = new DatagramSocket();
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot open a UDP socket for the X-Ray daemon", e);
        }
    }

    /**
     * @param address {@code AWS_XRAY_DAEMON_ADDRESS}: {@code host:port}, or the UDP and TCP
     *                addresses apart, {@code tcp:127.0.0.1:2000 udp:127.0.0.2:2000}
     */
    public static XrayDaemonExporter to(String address, XraySegments segments) {
        return new XrayDaemonExporter(udpAddress(address), segments);
    }

    static InetSocketAddress udpAddress(String address) {
        String udp = address.strip();
        for (String part : udp.split("\\s+")) {
            if (part.startsWith("udp:")) {
                udp = part.substring("udp:".length());
            }
        }
        int colon = udp.lastIndexOf(':');
        if (colon <= 0 || udp.contains(" ")) {
            throw new IllegalArgumentException("not an X-Ray daemon address: " + address);
        }
        return new InetSocketAddress(udp.substring(0, colon), Integer.parseInt(udp.substring(colon + 1)));
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        boolean sent = true;
        for (SpanData span : spans) {
            byte[] document = segments.document(span);
            byte[] datagram = new byte[PREAMBLE.length + document.length];
            System.arraycopy(PREAMBLE, 0, datagram, 0, PREAMBLE.length);
            System.arraycopy(document, 0, datagram, PREAMBLE.length, document.length);
            if (datagram.length > MAX_DATAGRAM) {
                sent = false;
                continue;
            }
            try {
                socket.send(new DatagramPacket(datagram, datagram.length, daemon));
            } catch (IOException e) {
                // A span lost is not worth failing or slowing the work it describes.
                sent = false;
            }
        }
        return sent ? CompletableResultCode.ofSuccess() : CompletableResultCode.ofFailure();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        socket.close();
        return CompletableResultCode.ofSuccess();
    }
}
