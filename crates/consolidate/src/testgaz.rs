//! A small gazetteer for tests, independent of the data files under
//! revision in `data/`.

use armswatch_annotate::Gazetteer;

const COUNTRIES: &str = "\
CN\tChina\tPRC|People's Republic of China\tChinese\tBeijing
PE\tPeru\t\tPeruvian\tLima
IL\tIsrael\t\tIsraeli\tJerusalem
PL\tPoland\t\tPolish\tWarsaw
US\tUnited States\tU.S.|US|USA|United States of America|America\tAmerican|U.S.\tWashington
IN\tIndia\t\tIndian\tNew Delhi
RU\tRussia\tRussian Federation\tRussian\tMoscow
FR\tFrance\t\tFrench\tParis
GB\tUnited Kingdom\tBritain|UK|U.K.|Great Britain\tBritish\tLondon
JP\tJapan\t\tJapanese\tTokyo
CH\tSwitzerland\t\tSwiss\tBern
SU\tSoviet Union\tUSSR\tSoviet\t
YE\tYemen\t\tYemeni\tSanaa
EG\tEgypt\t\tEgyptian\tCairo
PH\tPhilippines\tthe Philippines\tPhilippine|Filipino\tManila
";

const ORGANISATIONS: &str = "\
China North Industries Corp.\tcompany\tCN\tNorinco|China North Industries Corporation|NORINCO
China Precision Machinery Import Export Corp.\tcompany\tCN\tCPMIEC|China Precision Machinery Import-Export Corporation
China Shipbuilding Industry Corp.\tcompany\tCN\tCSIC
Rafael Advanced Defense Systems\tcompany\tIL\tRafael
Northrop Grumman\tcompany\tUS\tNorthrop|Northrop Grumman Corp.
";

const SYSTEMS: &str = "\
G-12	aircraft	transport aircraft	G12	ES
Zephyr	aircraft	fighter aircraft	Zephyr Mk1	IN
Kestrel	aircraft	trainer aircraft		GB
Kestrel	missile	surface-to-air missile		US
Osprey-4	aircraft	combat drones	Sea Watcher|Sky Watcher|OS-4B	US
Harrier-9	aircraft	fighter aircraft		FR
";

const LEXICON: &str = "\
company_suffix\tCorp|Corp.|Corporation|Co|Co.|Company|Inc|Inc.|Ltd|Group
gov_head\tMinistry|Department|Agency|Commission|Board
force_head\tArmy|Navy|Air Force|Forces
";

/// The test gazetteer.
pub fn gazetteer() -> Gazetteer {
    match Gazetteer::parse(COUNTRIES, ORGANISATIONS, "", SYSTEMS, "", "", LEXICON, "") {
        Ok(g) => g,
        Err(e) => panic!("test gazetteer: {e}"),
    }
}
