package io.mistakeflow.recommender.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mistakeflow.common.analysis.PatternStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateCatalogTest {

    private static final TemplateCatalog TURKISH = TemplateCatalog.load("tr");
    private static final TemplateCatalog ENGLISH = TemplateCatalog.load("en");

    @Test
    void turkishIsTheDefaultLanguage() {
        assertThat(TemplateCatalog.DEFAULT_LANGUAGE).isEqualTo("tr");
        assertThat(TURKISH.language()).isEqualTo("tr");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PANIC_RUSH | ⏱️ Acele Modu Tespit Edildi"
                    + " | Çok hızlı çözüm → basit hata riski. 60 sn yavaşlat ve mini kontrol uygula.",
            "STUCK_LOOP | 🔁 Takılma Döngüsü Tespit Edildi"
                    + " | Aynı hata tekrar ediyor. 1 ipucu al + 1 mini konu tekrarı yap + yeniden dene.",
            "STUCK_SLOW | 🐢 Çok Yavaş Çözüm Tespit Edildi"
                    + " | Süre aşımı var. Çözümü 3 parçaya böl + her parçaya 90 sn hedefi koy.",
            "worsening | ⚠️ Hata Şiddeti Artıyor"
                    + " | Son hatalar daha zorlayıcı. Önce öncül mini tekrar + sonra daha kolay soru seti önerilir.",
            "improving | ✅ İyileşme Var - Devam Et!"
                    + " | Hatalar hafifliyor. Ritmi koru: 1 kısa tekrar + 1 normal deneme seti."})
    void theTurkishTextsAreThoseTheTriggersWrote(PatternStatus status, String title, String message) {
        Template template = TURKISH.forStatus(status).orElseThrow();

        assertThat(template.title()).isEqualTo(title);
        assertThat(template.message()).isEqualTo(message);
    }

    @Test
    void stableAndInsufficientDataHaveNoTemplate() {
        assertThat(TURKISH.forStatus(PatternStatus.stable)).isEmpty();
        assertThat(TURKISH.forStatus(PatternStatus.insufficient_data)).isEmpty();
    }

    @Test
    void englishTranslatesTheTextsAndKeepsEverythingElse() {
        for (PatternStatus status : List.of(PatternStatus.PANIC_RUSH, PatternStatus.STUCK_LOOP,
                PatternStatus.STUCK_SLOW, PatternStatus.worsening, PatternStatus.improving)) {
            Template turkish = TURKISH.forStatus(status).orElseThrow();
            Template english = ENGLISH.forStatus(status).orElseThrow();

            assertThat(english.priority()).isEqualTo(turkish.priority());
            assertThat(english.lifetime()).isEqualTo(turkish.lifetime());
            assertThat(english.title()).isNotEqualTo(turkish.title());
            assertThat(english.message()).isNotEqualTo(turkish.message());
            assertThat(english.actionItems()).hasSameSizeAs(turkish.actionItems());
            for (int i = 0; i < turkish.actionItems().size(); i++) {
                Map<String, Object> turkishItem = turkish.actionItems().get(i);
                Map<String, Object> englishItem = english.actionItems().get(i);
                assertThat(englishItem.keySet()).containsExactlyElementsOf(turkishItem.keySet());
                assertThat(englishItem.get("action")).isEqualTo(turkishItem.get("action"));
                assertThat(englishItem.get("label")).isNotEqualTo(turkishItem.get("label"));
            }
        }
        assertThat(ENGLISH.forStatus(PatternStatus.PANIC_RUSH).orElseThrow().title())
                .isEqualTo("⏱️ Rush Mode Detected");
    }

    @Test
    void aPatternChangeMessageNamesBothStatusesInTheCatalogsLanguage() {
        assertThat(TURKISH.patternChanged().message(PatternStatus.insufficient_data, PatternStatus.PANIC_RUSH))
                .isEqualTo("Önceki durum: Yetersiz veri. Yeni durum: Acele modu.");
        assertThat(ENGLISH.patternChanged().message(PatternStatus.PANIC_RUSH, PatternStatus.stable))
                .isEqualTo("Previous status: Rush mode. New status: Stable.");
    }

    @Test
    void anUnknownLanguageFailsNamingTheResourceItLookedFor() {
        assertThatThrownBy(() -> TemplateCatalog.load("de"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'de'")
                .hasMessageContaining("templates/de.json");
    }

    @Test
    void aCatalogMissingALabelFailsAtLoadNamingWhatIsMissing() {
        // given src/test/resources/templates/missing-label.json: en.json without STUCK_SLOW's time_box label
        assertThatThrownBy(() -> TemplateCatalog.load("missing-label"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STUCK_SLOW")
                .hasMessageContaining("time_box");
    }
}
