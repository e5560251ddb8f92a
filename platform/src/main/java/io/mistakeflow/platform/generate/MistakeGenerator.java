package io.mistakeflow.platform.generate;

import io.mistakeflow.common.Ids;
import io.mistakeflow.common.mistake.Mistake;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic synthetic mistakes, the same for the same seed: each student works on a few topics,
 * each (student, topic) has a habit (rushing, slow, or mixed), codes come in runs sometimes (the
 * stuff of STUCK_LOOP), about 3% of codes are unknown to mistake_types and about 2% of times are
 * missing or zero, like the parity sample's generator.
 */
public final class MistakeGenerator {

    /** The codes mistake_types knows: the example seed's ({@link ExampleMistakeTypes}). */
    public static final List<String> KNOWN_CODES = ExampleMistakeTypes.codes();
    private static final List<String> UNKNOWN_CODES = List.of("UNKNOWN_CODE", "NEW_CODE_X");
    private static final String[] TOPICS = {"TR.MAT.ALG.001", "TR.MAT.ALG.002", "TR.MAT.ALG.003",
            "TR.MAT.GEO.001", "TR.FIZ.MEK.001", "TR.FIZ.MEK.002", "TR.KIM.GEN.001", "TR.BIO.HUC.001"};

    private final SplittableRandom random;
    private final String namespace;
    private final int students;
    private final int topicsPerStudent;
    private long count;

    /**
     * @param namespace makes ids unique across runs that share a database (e.g. the demo's restarts)
     */
    public MistakeGenerator(long seed, String namespace, int students, int topicsPerStudent) {
        this.random = new SplittableRandom(seed);
        this.namespace = namespace;
        this.students = students;
        this.topicsPerStudent = Math.min(topicsPerStudent, TOPICS.length);
    }

    public static String studentId(int index) {
        return Ids.nameBased("student", Integer.toString(index)).toString();
    }

    public Mistake next(Instant occurredAt) {
        count++;
        int student = random.nextInt(students);
        int topicIndex = (student * 3 + random.nextInt(topicsPerStudent)) % TOPICS.length;
        return new Mistake(
                Ids.nameBased("mistake", namespace, Long.toString(count)).toString(),
                studentId(student),
                TOPICS[topicIndex],
                code(student, topicIndex),
                null,
                seconds(student, topicIndex),
                occurredAt);
    }

    /** Codes stick to a (student, topic) now and then, so some keys loop on one code. */
    private String code(int student, int topicIndex) {
        if (random.nextInt(100) < 3) {
            return UNKNOWN_CODES.get(random.nextInt(UNKNOWN_CODES.size()));
        }
        if (random.nextInt(100) < 30) {
            return KNOWN_CODES.get((student + topicIndex) % KNOWN_CODES.size());
        }
        return KNOWN_CODES.get(random.nextInt(KNOWN_CODES.size()));
    }

    /** Each key has a habit: rushing (many answers under 6 s), slow (many over 150 s) or mixed. */
    private Integer seconds(int student, int topicIndex) {
        if (random.nextInt(100) < 2) {
            return random.nextBoolean() ? null : 0;
        }
        int habit = Math.floorMod(student * 31 + topicIndex, 5);
        int fast = habit == 0 ? 55 : habit == 1 ? 8 : 15;
        int slow = habit == 0 ? 5 : habit == 1 ? 55 : 15;
        int r = random.nextInt(100);
        if (r < fast) {
            return 1 + random.nextInt(6);
        }
        if (r < fast + slow) {
            return 150 + random.nextInt(251);
        }
        return 10 + random.nextInt(111);
    }
}
