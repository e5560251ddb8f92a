package io.mistakeflow.analyzer.analysis;

import io.mistakeflow.analyzer.pattern.HistoryEntry;
import io.mistakeflow.analyzer.pattern.MistakeDistribution;
import io.mistakeflow.analyzer.pattern.MistakeHistory;
import io.mistakeflow.common.analysis.Baseline;
import io.mistakeflow.common.analysis.MistakePattern;
import io.mistakeflow.common.analysis.PatternStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The store format of {@link StudentTopicState}: compact binary, because every mistake reads and writes
 * one, and JSON cost more than the rules themselves. Decimals keep their scale (it is part of the
 * Postgres value), times are epoch microseconds. The first byte is the format version, so a later
 * format can still read this one from a changelog.
 */
public final class StudentTopicStateSerde implements Serde<StudentTopicState> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<StudentTopicState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<StudentTopicState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(StudentTopicState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeBaseline(out, state.baseline());
            writePattern(out, state.pattern());
            List<HistoryEntry> history = state.history().entries();
            out.writeShort(history.size());
            for (HistoryEntry e : history) {
                out.writeUTF(e.mistakeCode());
                out.writeLong(micros(e.occurredAt()));
                out.writeLong(e.seq());
            }
            writeString(out, state.latestMistakeId());
            writeTime(out, state.latestOccurredAt());
            out.writeLong(state.seen());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static StudentTopicState read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("unknown topic state format " + version);
            }
            Baseline baseline = readBaseline(in);
            MistakePattern pattern = readPattern(in);
            int size = in.readShort();
            List<HistoryEntry> history = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                history.add(new HistoryEntry(in.readUTF(), instant(in.readLong()), in.readLong()));
            }
            return new StudentTopicState(baseline, pattern, new MistakeHistory(List.copyOf(history)),
                    readString(in), readTime(in), in.readLong());
        } catch (IOException e) {
            throw new SerializationException("unreadable topic state", e);
        }
    }

    private static void writeBaseline(DataOutputStream out, Baseline b) throws IOException {
        out.writeBoolean(b != null);
        if (b == null) {
            return;
        }
        out.writeUTF(b.id());
        out.writeUTF(b.studentId());
        writeString(out, b.globalTopicUid());
        writeDecimal(out, b.baselineAvgDuration());
        out.writeInt(b.baselineSampleCount());
        writeTime(out, b.baselineEstablishedAt());
        writeDecimal(out, b.currentAvgDuration());
        out.writeInt(b.currentSampleCount());
        writeDecimal(out, b.improvementRate());
        writeDecimal(out, b.examNormDuration());
        writeDecimal(out, b.distanceToNorm());
        writeDecimal(out, b.adaptiveExpectedDuration());
        out.writeUTF(b.learningPhase());
        writeTime(out, b.updatedAt());
    }

    private static Baseline readBaseline(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Baseline(in.readUTF(), in.readUTF(), readString(in), readDecimal(in), in.readInt(), readTime(in),
                readDecimal(in), in.readInt(), readDecimal(in), readDecimal(in), readDecimal(in), readDecimal(in),
                in.readUTF(), readTime(in));
    }

    private static void writePattern(DataOutputStream out, MistakePattern p) throws IOException {
        out.writeBoolean(p != null);
        if (p == null) {
            return;
        }
        out.writeUTF(p.id());
        out.writeUTF(p.studentId());
        writeString(out, p.globalTopicUid());
        out.writeUTF(p.dominantMistakeCode());
        out.writeInt(p.dominantMistakeCount());
        out.writeShort(p.mistakeDistribution().size());
        for (Map.Entry<String, Integer> e : p.mistakeDistribution().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeUTF(p.improvementTrend().name());
        writeTime(out, p.analyzedAt());
    }

    private static MistakePattern readPattern(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String id = in.readUTF();
        String student = in.readUTF();
        String topic = readString(in);
        String dominant = in.readUTF();
        int dominantCount = in.readInt();
        int codes = in.readShort();
        Map<String, Integer> distribution = new TreeMap<>(MistakeDistribution.JSONB_KEY_ORDER);
        for (int i = 0; i < codes; i++) {
            distribution.put(in.readUTF(), in.readInt());
        }
        return new MistakePattern(id, student, topic, dominant, dominantCount, distribution,
                PatternStatus.valueOf(in.readUTF()), readTime(in));
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            byte[] unscaled = value.unscaledValue().toByteArray();
            out.writeInt(value.scale());
            out.writeShort(unscaled.length);
            out.write(unscaled);
        }
    }

    private static BigDecimal readDecimal(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }

    private static void writeTime(DataOutputStream out, Instant value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(micros(value));
        }
    }

    private static Instant readTime(DataInputStream in) throws IOException {
        return in.readBoolean() ? instant(in.readLong()) : null;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
